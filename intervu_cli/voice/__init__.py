"""Voice in: microphone capture, VAD and endpointing, streaming speech-to-text, speech models.

Nothing here is imported at start-up: the CLI imports these modules inside the commands that
use them (numpy, sounddevice, vosk and pocketsphinx are heavy).
"""
