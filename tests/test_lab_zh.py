"""tools/lab_zh.py: the config folder of the Chinese JupyterLab (make lab-zh, Binder's font).

``tests/test_browser_zh.py`` starts JupyterLab with it and looks at the result in a browser.
"""
from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("lab_zh", ROOT / "tools" / "lab_zh.py")
lab_zh = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lab_zh)


def test_prepare_copies_the_settings_and_puts_every_font_the_css_names_next_to_it(tmp_path):
    config = lab_zh.prepare(tmp_path / "config")
    translation = config / "lab" / "user-settings" / "@jupyterlab" / "translation-extension"
    assert '"locale": "zh_CN"' in (translation / "plugin.jupyterlab-settings").read_text()
    css = (config / "custom" / "custom.css").read_text()
    named = re.findall(r'url\("([^"]+)"\)', css)
    assert sorted(named) == ["NotoSansSC-Bold-subset.otf", "NotoSansSC-Regular-subset.otf"]
    for name in named:
        assert (config / "custom" / name).read_bytes() == (lab_zh.FONTS / name).read_bytes()
    assert (config / "custom" / "OFL.txt").exists(), "the font's licence travels with it"


def test_prepare_keeps_what_the_learner_changed_in_that_jupyterlab(tmp_path):
    theme = tmp_path / "config" / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
    theme.mkdir(parents=True)
    (theme / "themes.jupyterlab-settings").write_text('{"theme": "JupyterLab Dark"}')
    lab_zh.prepare(tmp_path / "config")
    assert (theme / "themes.jupyterlab-settings").read_text() == '{"theme": "JupyterLab Dark"}'


def test_the_environment_points_jupyter_at_the_folder_and_nowhere_else(tmp_path):
    env = lab_zh.environment(tmp_path, {"PATH": "/bin", "JUPYTERLAB_SETTINGS_DIR": "/elsewhere",
                                        "JUPYTERLAB_WORKSPACES_DIR": "/elsewhere"})
    assert env == {"PATH": "/bin", "JUPYTER_CONFIG_DIR": str(tmp_path.resolve())}
    assert lab_zh.command("--x")[-2:] == ["--ServerApp.ip=127.0.0.1", "--x"]


def test_fonts_only_keeps_someone_elses_config_and_css_as_backups(tmp_path):
    (tmp_path / "custom").mkdir()
    (tmp_path / "custom" / "custom.css").write_text("/* mine */")
    (tmp_path / "jupyter_server_config.json").write_text('{"ServerApp": {"port": 9999}}')
    lab_zh.main(["--fonts-only", str(tmp_path)])
    assert json.loads((tmp_path / "jupyter_server_config.json").read_text()) == \
        {"ServerApp": {"port": 9999}, "LabApp": {"custom_css": True}}
    assert (tmp_path / "jupyter_server_config.json.backup").read_text() == '{"ServerApp": {"port": 9999}}'
    assert (tmp_path / "custom" / "custom.css.backup").read_text() == "/* mine */"
    assert "@font-face" in (tmp_path / "custom" / "custom.css").read_text()
    assert not (tmp_path / "lab").exists(), "the interface language stays the learner's choice"
    lab_zh.main(["--fonts-only", str(tmp_path)])          # a second run changes nothing
    assert (tmp_path / "custom" / "custom.css.backup").read_text() == "/* mine */"
