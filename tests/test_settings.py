from pathlib import Path

import pytest

from counter.settings import PROJECT_ROOT, SettingsError, load_settings


def test_embedded_defaults_are_sqlite_local_files_and_local_state(tmp_path):
    settings = load_settings({"COUNTER_DATA_DIR": str(tmp_path)})
    assert settings.db_url == f"sqlite:///{tmp_path / 'counter.db'}"
    assert settings.documents_dir == tmp_path / "documents"
    assert settings.redis_url is None
    assert settings.max_upload_bytes == 10 * 1024 * 1024
    assert settings.default_lang == "fr"


def test_postgres_url_uses_psycopg():
    settings = load_settings({"REFLEX_DB_URL": "postgresql://u:p@db:5432/counter"})
    assert settings.db_url == "postgresql+psycopg://u:p@db:5432/counter"
    assert not settings.is_sqlite


def test_redis_switch():
    assert load_settings({"REFLEX_REDIS_URL": "redis://127.0.0.1:6379/0"}).redis_url


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"COUNTER_MAX_UPLOAD_MB": "ten"}, "COUNTER_MAX_UPLOAD_MB"),
        ({"COUNTER_MAX_UPLOAD_MB": "0"}, "COUNTER_MAX_UPLOAD_MB"),
        ({"REFLEX_DB_URL": "mysql://root@localhost/x"}, "REFLEX_DB_URL"),
        ({"REFLEX_DB_URL": "not a url"}, "REFLEX_DB_URL"),
        ({"REFLEX_REDIS_URL": "http://cache"}, "REFLEX_REDIS_URL"),
        ({"COUNTER_PUBLIC_URL": "localhost:3000"}, "COUNTER_PUBLIC_URL"),
        ({"COUNTER_DEFAULT_LANG": "de"}, "COUNTER_DEFAULT_LANG"),
        ({"COUNTER_SESSION_IDLE_MINUTES": "-5"}, "COUNTER_SESSION_IDLE_MINUTES"),
        ({"COUNTER_SMTP_PORT": "smtp"}, "COUNTER_SMTP_PORT"),
        ({"COUNTER_SMTP_TLS": "maybe"}, "COUNTER_SMTP_TLS"),
    ],
)
def test_a_malformed_setting_names_itself(env, named):
    with pytest.raises(SettingsError, match=named):
        load_settings(env)


def test_documents_never_go_to_the_public_upload_folder(tmp_path):
    public = tmp_path / "public"
    with pytest.raises(SettingsError, match="COUNTER_DOCUMENTS_DIR"):
        load_settings(
            {"REFLEX_UPLOADED_FILES_DIR": str(public), "COUNTER_DOCUMENTS_DIR": str(public / "d")}
        )
    with pytest.raises(SettingsError, match="COUNTER_DOCUMENTS_DIR"):
        load_settings({"COUNTER_DOCUMENTS_DIR": str(PROJECT_ROOT / "assets" / "docs")})


def test_the_default_documents_folder_is_private(tmp_path):
    settings = load_settings({"COUNTER_DATA_DIR": str(tmp_path)})
    assert Path(PROJECT_ROOT / "assets") not in settings.documents_dir.parents


def test_production_settings_workers_proxy_hops_and_state_folder(tmp_path):
    settings = load_settings({"COUNTER_DATA_DIR": str(tmp_path)})
    assert (settings.workers, settings.trusted_proxy_hops) == (None, 0)
    assert settings.handler_threads == 2
    assert settings.state_dir == tmp_path / "states"  # not .states/ in the project folder
    assert load_settings({"COUNTER_HANDLER_THREADS": "4"}).handler_threads == 4
    settings = load_settings({"COUNTER_DATA_DIR": str(tmp_path), "COUNTER_WORKERS": "3",
                              "COUNTER_TRUSTED_PROXY_HOPS": "1",
                              "COUNTER_STATE_DIR": str(tmp_path / "tabs")})
    assert (settings.workers, settings.trusted_proxy_hops) == (3, 1)
    assert settings.state_dir == tmp_path / "tabs"
    for name, bad in (("COUNTER_WORKERS", "0"), ("COUNTER_TRUSTED_PROXY_HOPS", "-1"),
                      ("COUNTER_HANDLER_THREADS", "0")):
        with pytest.raises(SettingsError, match=name):
            load_settings({name: bad})


def test_the_server_gets_its_workers_and_state_folder_and_the_build_the_public_url(tmp_path):
    from counter.serving import build_environment, server_environment

    settings = load_settings({"COUNTER_DATA_DIR": str(tmp_path), "COUNTER_WORKERS": "3",
                              "COUNTER_PUBLIC_URL": "https://guichet.region.example.ma"})
    env = server_environment(settings, {"PATH": "/usr/bin"})
    assert env["GRANIAN_WORKERS"] == "3"
    assert env["REFLEX_STATES_WORKDIR"] == str(tmp_path / "states")
    assert "REFLEX_API_URL" not in env
    assert build_environment(settings, {})["REFLEX_API_URL"] == "https://guichet.region.example.ma"
    assert "GRANIAN_WORKERS" not in server_environment(load_settings({}), {})


def test_with_redis_a_worker_keeps_a_tabs_lock_through_its_page_load_and_next_actions():
    from reflex.config import get_config

    from counter.serving import OPLOCK_HOLD_MS, server_environment

    embedded = server_environment(load_settings({}), {})
    assert "REFLEX_OPLOCK_ENABLED" not in embedded
    settings = load_settings({"REFLEX_REDIS_URL": "redis://127.0.0.1:6379/3"})
    env = server_environment(settings, {})
    assert env["REFLEX_OPLOCK_ENABLED"] == "true"
    assert env["REFLEX_OPLOCK_HOLD_TIME_MS"] == str(OPLOCK_HOLD_MS)
    # Under Reflex's lock expiration, and long enough for a person's next actions (one
    # every 0.5-1.5 s, bench/load.py) to find the tab in the worker's memory.
    assert 3000 <= OPLOCK_HOLD_MS < get_config().redis_lock_expiration
    # An operator's own choice wins.
    assert server_environment(settings, {"REFLEX_OPLOCK_ENABLED": "false"})[
        "REFLEX_OPLOCK_ENABLED"] == "false"


def test_serve_prebuilt_refuses_a_missing_build_or_one_for_another_address(tmp_path,
                                                                           monkeypatch):
    from counter import serving

    monkeypatch.setattr(serving, "BUILD_DIR", tmp_path / "client")
    monkeypatch.setattr(serving, "BUILD_RECORD", tmp_path / "record.json")
    settings = load_settings({"COUNTER_PUBLIC_URL": "https://a.example.ma"})
    with pytest.raises(serving.BuildMissing, match="counter build"):
        serving.check_build(settings)
    (tmp_path / "client").mkdir()
    (tmp_path / "client" / "index.html").write_text("<html></html>")
    serving.record_build(settings)
    serving.check_build(settings)
    with pytest.raises(serving.BuildMissing, match="built for https://a.example.ma"):
        serving.check_build(load_settings({"COUNTER_PUBLIC_URL": "https://b.example.ma"}))
