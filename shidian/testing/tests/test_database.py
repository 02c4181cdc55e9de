"""The suite runs on the database and cache that DATABASE_URL and REDIS_URL name.

CI runs the suite twice (SQLite, then PostgreSQL + Redis); these checks fail when a pass
silently fell back to the defaults, and print one summary line naming what really ran.
"""

import os

import dj_database_url
import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

VENDORS = {
    "django.db.backends.sqlite3": "sqlite",
    "django.db.backends.postgresql": "postgresql",
}


@pytest.mark.django_db
def test_database_is_the_one_database_url_names(record_property):
    url = os.environ.get("DATABASE_URL", "")
    engine = dj_database_url.parse(url)["ENGINE"] if url else "django.db.backends.sqlite3"
    assert connection.vendor == VENDORS[engine]

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT current_setting('server_version'), pg_encoding_to_char(encoding),"
                " datctype FROM pg_database WHERE datname = current_database()"
            )
            version, encoding, ctype = cursor.fetchone()
            # pg_trgm only sees Chinese characters in a database with a UTF-8 locale.
            assert encoding == "UTF8"
            assert ctype.lower().replace("-", "").endswith("utf8"), ctype
            detail = f"PostgreSQL {version}, encoding {encoding}, ctype {ctype}"
        else:
            cursor.execute("SELECT sqlite_version()")
            detail = f"SQLite {cursor.fetchone()[0]}"
    record_property(
        "summary", f"database under test: {detail}, name {connection.settings_dict['NAME']}"
    )


def test_cache_is_the_one_redis_url_names(record_property):
    backend = settings.CACHES["default"]["BACKEND"]
    if os.environ.get("REDIS_URL"):
        assert backend == "django_redis.cache.RedisCache"
        key = f"shidian-testing-{os.getpid()}"
        cache.set(key, "试点", timeout=30)
        assert cache.get(key) == "试点"
        cache.delete(key)
    else:
        assert "redis" not in backend.lower()
    record_property("summary", f"cache under test: {backend}")
