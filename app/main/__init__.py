"""Public pages: home, privacy, language choice, health check."""
