# Signpost with PostgreSQL, behind a reverse proxy on the Docker network 172.18.0.0/16:
#   docker run -e SIGNPOST_DATABASE_URL=postgresql+psycopg://... -e SIGNPOST_SECRET_KEY=... \
#     -e SIGNPOST_SITE_URL=https://care.example.gov.uk -e SIGNPOST_ALLOWED_HOSTS=care.example.gov.uk \
#     -e SIGNPOST_FORWARDED_ALLOW_IPS=172.18.0.0/16 -p 8000:8000 signpost
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    SIGNPOST_ENVIRONMENT=production \
    SIGNPOST_DATA_DIR=/var/lib/signpost \
    SIGNPOST_FORWARDED_ALLOW_IPS=127.0.0.1,::1

# Easy-read PDFs: WeasyPrint lays text out with Pango, in Noto fonts for every script the site speaks.
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
        fonts-noto-core fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
RUN useradd --system --create-home --home-dir /var/lib/signpost signpost
WORKDIR /srv/signpost
COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY alembic ./alembic
COPY content ./content
COPY easyread ./easyread
COPY locales ./locales
# Editable install: migrations (alembic/), message catalogs and demo content are read from this folder.
# The catalogs are compiled here, as root: the app only recompiles a catalog that is newer than its .mo.
RUN pip install -e . && signpost i18n compile

USER signpost
# The search index, the leaflet PDFs and the Argos language packs live here: keep it on a volume. Install packs with
# docker exec <container> signpost translate packs install /var/lib/signpost/translate-en_ar-1_9.argosmodel
VOLUME /var/lib/signpost
EXPOSE 8000
CMD ["sh", "-c", "signpost init && exec signpost serve --host 0.0.0.0 --port 8000 --workers 2"]
