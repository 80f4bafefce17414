import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_django(args, env_overrides):
    env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}}
    env.update({"DJANGO_SETTINGS_MODULE": "kovablik.settings", **env_overrides})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off():
    result = run_django(["check"], {"DEBUG": "0"})

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_settings_start_without_secret_key_in_debug():
    result = run_django(["check"], {"DEBUG": "1"})

    assert result.returncode == 0, result.stderr


def test_check_deploy_passes_with_only_debug_secret_key_and_allowed_hosts():
    result = run_django(
        ["check", "--deploy", "--fail-level", "WARNING"],
        {
            "DEBUG": "0",
            "SECRET_KEY": "k" * 20 + "-Zq8#vN2!pX4@rT6$wY0^uB3&eG5*hJ7",
            "ALLOWED_HOSTS": "kovablik.example",
        },
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_cache_is_shared_redis_when_redis_url_is_set():
    result = run_django(
        ["shell", "-c", "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"],
        {"DEBUG": "1", "REDIS_URL": "redis://127.0.0.1:6379/3"},
    )

    assert result.stdout.strip().splitlines()[-1] == "django.core.cache.backends.redis.RedisCache"


def test_cache_is_shared_files_without_redis():
    result = run_django(
        ["shell", "-c", "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"],
        {"DEBUG": "1"},
    )

    assert result.stdout.strip().splitlines()[-1] == "django.core.cache.backends.filebased.FileBasedCache"
