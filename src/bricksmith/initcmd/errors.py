"""The one exception `bricksmith init` raises for every failure the user should see."""


class InitError(Exception):
    """A failure of `bricksmith init`; its message is exactly what the CLI prints after `Error: `."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
