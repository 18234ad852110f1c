FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml package.json README.md ./
COPY scripts ./scripts
RUN pip install --no-cache-dir -e . && npm install --no-audit --no-fund --loglevel=error --ignore-scripts
COPY . .
RUN node scripts/copy-vendor.js \
 && python manage.py compile_translations \
 && DJANGO_ENV=production SECRET_KEY=build ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput
EXPOSE 8000
CMD ["gunicorn", "-c", "python:mieux.gunicorn_conf", "mieux.wsgi:application"]
