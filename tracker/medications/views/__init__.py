"""Medication pages (medications.py) and dose actions (doses.py) on one blueprint."""

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("medications", __name__)
bp.before_request(login_required(lambda: None))

from tracker.medications.views import doses, medications, supply  # noqa: E402, F401 - the routes
