"""The admin area: users, roles, judiciaries, memberships and the audit log."""
