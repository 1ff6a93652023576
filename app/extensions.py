"""Extension instances, created unbound: models and views import them from here."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from app.database import Database

db = Database()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
