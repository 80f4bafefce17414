"""What several app servers share, chosen by the environment: the cache, sessions and uploaded files."""

from tests.competitions.test_settings import run_django

SHOW_STORAGE = (
    "from django.conf import settings; from django.core.files.storage import storages; "
    "o = settings.STORAGES['default'].get('OPTIONS', {}); "
    "print(settings.STORAGES['default']['BACKEND'], type(storages['default']).__name__, o.get('bucket_name'), "
    "o.get('endpoint_url'), o.get('default_acl'), o.get('querystring_auth'))"
)


def last_line(result) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_media_is_a_shared_folder_by_default():
    result = run_django(["shell", "-c", SHOW_STORAGE], {"DEBUG": "1", "MEDIA_ROOT": "/srv/kovablik/media"})

    assert last_line(result) == ("django.core.files.storage.FileSystemStorage FileSystemStorage None None None None")


def test_media_moves_to_s3_compatible_storage_when_a_bucket_is_configured():
    result = run_django(
        ["shell", "-c", SHOW_STORAGE],
        {
            "DEBUG": "1",
            "AWS_STORAGE_BUCKET_NAME": "kovablik-media",
            "AWS_S3_ENDPOINT_URL": "https://objects.example.internal",
            "AWS_ACCESS_KEY_ID": "test-key",
            "AWS_SECRET_ACCESS_KEY": "test-secret",
        },
    )

    assert last_line(result) == (
        "storages.backends.s3.S3Storage S3Storage kovablik-media https://objects.example.internal private True"
    )


def test_sessions_live_in_the_database_shared_by_every_server():
    result = run_django(
        ["shell", "-c", "from django.conf import settings; print(settings.SESSION_ENGINE)"],
        {"DEBUG": "1", "REDIS_URL": "redis://127.0.0.1:6379/3"},
    )

    assert last_line(result) == "django.contrib.sessions.backends.db"
