"""Starlette routes: the JSON API, the pages, and the static files beside them."""
