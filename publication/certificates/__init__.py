"""Certificates: each published award's PDF, drawn by a task after publication, and its public verification."""
