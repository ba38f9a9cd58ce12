"""Pages of the sleep domain."""

from __future__ import annotations

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("sleep", __name__)
bp.before_request(login_required(lambda: None))
