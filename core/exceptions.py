class DomainError(Exception):
    """A rule of the competition refused an action; the message is translated and shown to the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)
