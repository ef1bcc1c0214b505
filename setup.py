"""Maps two top-level folders onto one import package.

Generator output lives in ``cal_client/`` and is replaced whole on every generation, so the
handwritten layer sits beside it in ``overrides/`` and is installed as ``cal_client.overrides``.
setuptools' ``package_dir`` does this for wheels and for editable installs alike.
"""

from setuptools import find_packages, setup

generated = find_packages(include=["cal_client", "cal_client.*"])
handwritten = ["cal_client.overrides"] + [f"cal_client.overrides.{name}" for name in find_packages(where="overrides")]

setup(
    packages=generated + handwritten,
    package_dir={"cal_client": "cal_client", "cal_client.overrides": "overrides"},
    package_data={"cal_client": ["py.typed"], "cal_client.overrides": ["py.typed"]},
)
