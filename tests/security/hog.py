"""Allocates without end: run by the sandbox test to show the child's memory ceiling holds."""

hoard = []
while True:
    hoard.append(bytearray(16 * 1024 * 1024))
