"""The respondents' blueprint itself, which its views register on."""

from flask import Blueprint

bp = Blueprint("respond", __name__)
