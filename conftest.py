import os

os.environ.setdefault("SHIDIAN_ENV", "test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
