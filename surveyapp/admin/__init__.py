"""The researchers' side: surveys, frame, invitations, monitoring, downloads."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")
