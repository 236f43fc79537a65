"""create_app(): settings, database, routers, static files and error pages. Nothing runs at import time."""

from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.middleware.gzip import GZipMiddleware

from app.accounts.deps import LoginRequired
from app.config import Settings, get_settings
from app.db import make_engine
from app.directory.routes import router as directory_router
from app.easyread.pdf import LeafletPdfs
from app.easyread.routes import router as easyread_router
from app.guides.routes import router as guides_router
from app.i18n.catalogs import compile_catalogs
from app.i18n.routes import router as i18n_router
from app.insights.counters import PageViewBuffer
from app.insights.middleware import PageViewMiddleware
from app.insights.routes import router as insights_router
from app.opendata.routes import router as opendata_router
from app.oruk.cors import OpenDataCorsMiddleware
from app.oruk.routes import router as oruk_router
from app.publishing.changes import ChangeFollower
from app.publishing.version import VersionWatch
from app.search.backends import backend_for
from app.search.routes import router as search_router
from app.search.service import SearchService
from app.staff.routes import login_required
from app.staff.routes import router as staff_router
from app.ui.params import no_nul_in_path
from app.web import errors, template_helpers
from app.web.body_limit import BodyLimitMiddleware
from app.web.hosts import AllowedHostsMiddleware
from app.web.page_cache import PageCache, PageCacheMiddleware
from app.web.pages import router as pages_router
from app.web.proxy import ForwardedHeadersMiddleware
from app.web.routing import public_sections
from app.web.security import SecurityHeadersMiddleware
from app.web.static_files import StaticFiles


@asynccontextmanager
async def _lifespan(app: FastAPI):
    """On start: check the search index (rebuilt in the background when missing or corrupt), start following the
    page change log and writing page-view counts; on stop, write the last counts."""
    await run_in_threadpool(app.state.search.backend.ensure)
    app.state.page_views.start()
    app.state.search_changes.start()
    yield
    await run_in_threadpool(app.state.search_changes.stop)
    await run_in_threadpool(app.state.page_views.stop)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    compile_catalogs()
    template_helpers.install()
    app = FastAPI(
        title="Signpost",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        redirect_slashes=False,
        lifespan=_lifespan,
        dependencies=[no_nul_in_path],
    )
    app.state.settings = settings
    app.state.engine = make_engine(
        settings.database_url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout,
    )
    app.state.search = SearchService(backend_for(settings, app.state.engine))
    app.state.leaflet_pdfs = LeafletPdfs(settings.data_dir / "leaflet-pdf", app.state.engine, settings)
    app.state.search_changes = ChangeFollower(  # after each commit that changed pages, in every process
        app.state.engine,
        subscribers=(app.state.search.backend.refresh, app.state.leaflet_pdfs.changed),
        rebuilders=(app.state.search.backend.rebuild_in_background,),
    )
    app.state.static = StaticFiles()
    app.state.page_views = PageViewBuffer(app.state.engine)
    app.state.content_version = VersionWatch(app.state.engine)
    app.state.page_cache = PageCache(settings.page_cache_megabytes * 1024 * 1024)
    app.include_router(app.state.static.router())
    app.include_router(staff_router)  # before the /{lang}/ pages, which would take /staff/ for a language
    app.include_router(i18n_router)
    app.include_router(pages_router)
    app.include_router(directory_router)
    app.include_router(guides_router)
    app.include_router(easyread_router)
    app.include_router(search_router)
    app.include_router(oruk_router)
    app.include_router(opendata_router)
    app.include_router(insights_router)
    app.state.public_sections = public_sections(app)
    errors.install(app)
    app.add_exception_handler(LoginRequired, login_required)  # type: ignore[arg-type]  # Starlette types handlers as taking any Exception (starlette#2403)
    app.add_middleware(GZipMiddleware, minimum_size=500)
    app.add_middleware(PageCacheMiddleware)  # outside compression: a cached page is stored compressed
    app.add_middleware(
        BodyLimitMiddleware,
        public=settings.public_form_max_kilobytes * 1024,
        staff=settings.staff_upload_max_megabytes * 1024 * 1024,
    )
    app.add_middleware(AllowedHostsMiddleware, hosts=settings.hosts)  # its refusals get the headers below
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(OpenDataCorsMiddleware)
    app.add_middleware(PageViewMiddleware)
    app.add_middleware(ForwardedHeadersMiddleware, trusted=settings.trusted_proxies)  # outermost: the real client
    return app
