"""Accounts: users, roles, judiciaries, memberships, sign-in and password reset."""
