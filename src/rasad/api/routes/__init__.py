"""API routers (under /api) and the web pages router."""
