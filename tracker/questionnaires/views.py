"""Pages of the questionnaires domain."""

from __future__ import annotations

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("questionnaires", __name__)
bp.before_request(login_required(lambda: None))
