import pytest


@pytest.fixture
def private_media(settings, tmp_path):
    """Uploads go to a temporary folder, not the checkout's var/private."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
