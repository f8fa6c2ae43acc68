# The production image (ADR 0043): non-root, and read-only at run time (compose.yaml mounts the
# file store and a /tmp). One image runs the web servers, the task worker and the migrations.

FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY assets assets
COPY casereview/static casereview/static
RUN npm run build

FROM python:3.12-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_ENV=production MEDIA_ROOT=/data/uploads \
    BIND=0.0.0.0:8000 XDG_CACHE_HOME=/tmp/cache
# Pango and fonts for the PDFs WeasyPrint renders.
RUN apt-get update -qq \
    && apt-get install -y -qq --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b \
       fonts-liberation \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --uid 10001 --home-dir /app --shell /usr/sbin/nologin casereview
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY --chown=root:root . .
COPY --from=assets /build/casereview/static_build casereview/static_build
# Static files are collected at build time; the production checks need values, none of them real.
RUN SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret-build-only-x ALLOWED_HOSTS=build \
    SITE_URL=https://build.invalid CLAMD_ADDRESS=tcp:build:3310 python manage.py collectstatic --no-input \
    && mkdir -p /data/uploads && chown casereview /data/uploads
USER 10001
EXPOSE 8000
CMD ["gunicorn", "casereview.wsgi", "--config", "gunicorn.conf.py"]
