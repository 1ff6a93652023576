"""Audit log: who changed roles, memberships, activation or deleted an account."""
