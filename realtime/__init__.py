"""Socket.IO rooms and events, calendar locks, pending holds and their expiry."""
