"""The spec pipeline: fetch Cal.com's OpenAPI document, normalise it, generate ``cal_client/``.

Run ``python -m openapi --help``. Nothing here is imported by the SDK at run time.
"""
