"""Pages of the therapy domain."""

from __future__ import annotations

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("therapy", __name__)
bp.before_request(login_required(lambda: None))
