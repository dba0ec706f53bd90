"""HTML page routers, one per resource."""
