"""Mounts two top-level folders as one import package, ``cal_client``.

Generator output lives in ``cal_client/`` and is replaced whole on every generation, so the
handwritten layer sits beside it in ``overrides/``. Installed, they are one package: the modules of
``overrides/`` become ``cal_client._client``, ``cal_client._errors``, ... and its subpackages
``cal_client.resources``, ``cal_client.testing``, ``cal_client.webhooks``. No public name carries
the folder's name.

Editable installs default to setuptools' ``strict`` mode: a tree of symlinks shaped exactly like the
wheel, put on ``sys.path`` by a plain ``.pth`` file, which mypy and pyright read. The default
(``lenient``) mode would need an import hook for this mapping, and static type checkers cannot
follow import hooks. The link tree lists files, so ``make generate`` refreshes it.
"""

from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py
from setuptools.command.editable_wheel import editable_wheel

HANDWRITTEN = Path("overrides")
SUBPACKAGES = find_packages(where=str(HANDWRITTEN))

generated = find_packages(include=["cal_client", "cal_client.*"])
clashes = set(generated) & {f"cal_client.{name}" for name in SUBPACKAGES}
if clashes:
    raise SystemExit(f"overrides/ and the generated package both define {sorted(clashes)}: rename the handwritten one")


class BuildPy(build_py):
    """Adds the top-level modules of ``overrides/`` to the ``cal_client`` package."""

    def find_package_modules(self, package: str, package_dir: str) -> list[tuple[str, str, str]]:
        modules = super().find_package_modules(package, package_dir)
        if package != "cal_client":
            return modules
        generated_names = {module for _, module, _ in modules}
        for path in sorted(HANDWRITTEN.glob("*.py")):
            if path.stem == "__init__" or path.stem in generated_names:
                raise SystemExit(f"{path} would replace the generated cal_client/{path.name}: rename it")
            modules.append((package, path.stem, str(path)))
        return modules


class EditableWheel(editable_wheel):
    """``pip install -e .`` without ``--config-settings editable_mode=...`` means ``strict``."""

    def finalize_options(self) -> None:
        super().finalize_options()
        self.mode = self.mode or "strict"


setup(
    packages=generated + [f"cal_client.{name}" for name in SUBPACKAGES],
    package_dir={
        "cal_client": "cal_client",
        **{f"cal_client.{name}": str(HANDWRITTEN / name.replace(".", "/")) for name in SUBPACKAGES},
    },
    package_data={"cal_client": ["py.typed"]},
    cmdclass={"build_py": BuildPy, "editable_wheel": EditableWheel},
)
