"""Certificates: issued on passing the final, rendered as a PDF, verifiable by anyone."""
