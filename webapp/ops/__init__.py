"""Running brandcert in production: structured logs, the health endpoint, gunicorn settings."""
