"""Field verification: the visit plan, the checklist report on a phone, testimonies, photos and the PDF report."""
