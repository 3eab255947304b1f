"""The station core, free of Qt: assembly from settings, screening service, review session.

station = build_station(load_settings())
events = EventQueue()                      # or the GUI's event loop
session = station.open_session("alice", listener, events.post)
service = station.screening(screening_listener, events.post)
"""

from inspector_app.station.assembly import BackgroundService, Station, StationError, build_station
from inspector_app.station.events import EventQueue
from inspector_app.station.screening_service import ScreeningListener, ScreeningService
from inspector_app.station.session import ReviewSession, SessionListener

__all__ = [
    "BackgroundService",
    "EventQueue",
    "ReviewSession",
    "ScreeningListener",
    "ScreeningService",
    "SessionListener",
    "Station",
    "StationError",
    "build_station",
]
