"""Start the Chinese JupyterLab of ``make lab-zh``: one place for its settings, flags and fonts.

Everything that makes this JupyterLab Chinese lives in ``config/lab-zh/``, a Jupyter
configuration folder:

- ``lab/user-settings/``: the interface language (``zh_CN``, from the language pack
  ``jupyterlab-language-pack-zh-CN``) and no news or update checks (they would reach for the web);
- ``custom/custom.css``: an ``@font-face`` for the Chinese font the package brings
  (``crm_lessons/plots/fonts/``, Noto Sans CJK SC subset, OFL), so the menus and the notebooks'
  Chinese text show on a machine with no CJK font, offline;
- ``jupyter_server_config.json``: load that CSS (``LabApp.custom_css``) and open the Chinese
  start notebook.

:func:`prepare` copies the folder (and the font files, next to the CSS that names them) to a
folder of its own, ``build/lab-zh/config`` for ``make lab-zh``, so a learner's usual JupyterLab
settings are left as they are; :func:`command` and :func:`environment` say how JupyterLab is
started on it. ``make lab-zh`` and ``tests/test_browser_zh.py`` both start JupyterLab through
these functions, so the two cannot drift apart.

Usage (from the repository root)::

    python tools/lab_zh.py build/lab-zh/config --ServerApp.root_dir=.   # prepare, then run JupyterLab
    python tools/lab_zh.py --fonts-only ~/.jupyter                       # Binder (postBuild): the font only

``--fonts-only`` gives any JupyterLab using that config folder the Chinese font (custom.css, the
font files, ``LabApp.custom_css`` on) and changes nothing else: the language stays the learner's
choice (Settings → Language).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "config" / "lab-zh"
FONTS = ROOT / "crm_lessons" / "plots" / "fonts"
FONT_FILES = ("NotoSansSC-Regular-subset.otf", "NotoSansSC-Bold-subset.otf", "OFL.txt")
# Environment variables that would move JupyterLab's settings or workspaces out of the folder.
MOVED_BY = ("JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR")


def prepare(config_dir: Path) -> Path:
    """Copy ``config/lab-zh`` and the Chinese font files into ``config_dir``; return ``config_dir``.

    Files of ours are brought up to date; other files in the folder (settings a learner changed
    in this JupyterLab, its workspaces) are left as they are.
    """
    config_dir = Path(config_dir)
    shutil.copytree(CONFIG, config_dir, dirs_exist_ok=True)
    install_fonts(config_dir / "custom")
    return config_dir


def install_fonts(custom_dir: Path) -> None:
    """Put ``custom.css`` and the font files it names into ``custom_dir`` (JupyterLab serves it as /custom/).

    A ``custom.css`` that is not ours is kept as ``custom.css.backup`` before it is replaced.
    """
    custom_dir = Path(custom_dir)
    custom_dir.mkdir(parents=True, exist_ok=True)
    css = (CONFIG / "custom" / "custom.css").read_text(encoding="utf-8")
    target = custom_dir / "custom.css"
    if target.exists() and target.read_text(encoding="utf-8", errors="replace") != css:
        shutil.copy2(target, custom_dir / "custom.css.backup")
    target.write_text(css, encoding="utf-8")
    for name in FONT_FILES:
        shutil.copy2(FONTS / name, custom_dir / name)


def enable_custom_css(config_dir: Path) -> None:
    """Turn ``LabApp.custom_css`` on in ``config_dir/jupyter_server_config.json``, keeping its other settings.

    A file that changes is first kept as ``jupyter_server_config.json.backup``.
    """
    path = Path(config_dir) / "jupyter_server_config.json"
    config = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    if config.get("LabApp", {}).get("custom_css") is True:
        return
    if path.exists():
        shutil.copy2(path, path.with_name(path.name + ".backup"))
    config.setdefault("LabApp", {})["custom_css"] = True
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")


def environment(config_dir: Path, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment JupyterLab runs in: ``base`` (default ``os.environ``), ``config_dir`` its config folder."""
    env = {key: value for key, value in (os.environ if base is None else base).items() if key not in MOVED_BY}
    env["JUPYTER_CONFIG_DIR"] = str(Path(config_dir).resolve())
    return env


def command(*extra: str) -> list[str]:
    """The command line that starts the Chinese JupyterLab, with ``extra`` flags (port, root folder ...)."""
    return [sys.executable, "-m", "jupyter", "lab", "--ServerApp.ip=127.0.0.1", *extra]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config_dir", type=Path, help="the folder to prepare (make lab-zh: build/lab-zh/config)")
    parser.add_argument("--fonts-only", action="store_true",
                        help="only give JupyterLab the Chinese font (custom.css, fonts, LabApp.custom_css) "
                             "in CONFIG_DIR; start nothing (Binder)")
    args, extra = parser.parse_known_args(argv)
    if args.fonts_only:
        install_fonts(args.config_dir / "custom")
        enable_custom_css(args.config_dir)
        return
    prepare(args.config_dir)
    argv_lab = command(*extra)
    os.execve(argv_lab[0], argv_lab, environment(args.config_dir))


if __name__ == "__main__":
    main()
