"""The provincial console: server-rendered pages for the province's staff (Jinja2, a little htmx)."""

from __future__ import annotations

import functools
import threading

from fastapi import APIRouter, Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from . import (
    admin_accounts,
    admin_audit,
    admin_devices,
    admin_forms,
    bundle_page,
    errors,
    home,
    login,
    map_view,
    recap_page,
    report_list,
    report_page,
    sync_page,
)
from .memo import Memo
from .pages import STATIC
from .security import guard

UPLOADS = bundle_page.UPLOADS  # pages whose file uploads may exceed the anonymous body limit


# Built once, like the API's routers: FastAPI analyses each page's dependencies (a tenth of a
# second for the console) the first time the router is included, not for every app made.
router = APIRouter(include_in_schema=False, dependencies=[Depends(guard)])
for _module in (login, home, report_list, report_page, recap_page, map_view, sync_page,
                bundle_page, admin_devices, admin_accounts, admin_forms, admin_audit):  # fmt: skip
    router.include_router(_module.router)


def install(app: FastAPI) -> None:
    """Mount the console's pages and static files; call after the API's error handlers exist."""
    app.include_router(router)
    app.state.console_memo = Memo()
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    errors.install(app)
    _warm_up_maps()


@functools.cache
def _warm_up_maps() -> None:
    """The map's shapes take a second to simplify: do it beside the first requests, not in them.
    Once per process (the shapes are kept), so that no app made later leaves a thread drawing
    as the process ends."""
    threading.Thread(target=map_view.warm_up, name="map-warm-up", daemon=True).start()
