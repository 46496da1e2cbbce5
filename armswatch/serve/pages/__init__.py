"""The workbench's web pages: the ledger on a map beside a sortable table, an article with
every extracted record highlighted at its span, claims with accusation ↔ denial links and
cited-source chains, timelines, system cards, and the table's exports.

Pages are rendered on the server by Jinja2 with autoescaping on, so every stored value is
escaped; script comes only from files under /static and /vendor (the CSP forbids inline
script). The map library, its cluster plugin and the country boundaries are npm packages
(package.json, `npm ci`), served from node_modules: nothing is fetched from outside.

    routes = page_routes(get_store, kb)   # added to the app's routes by create_app
"""

from __future__ import annotations

from .routes import page_routes, vendor_dir

__all__ = ["page_routes", "vendor_dir"]
