"""Pages of the checkins domain."""

from __future__ import annotations

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("checkins", __name__)
bp.before_request(login_required(lambda: None))
