"""The dashboard page against policy targets (/dashboard). Its numbers are the library's
(`library.dashboard`, `library.dashboard_tables`); this package holds the page and its export request."""
