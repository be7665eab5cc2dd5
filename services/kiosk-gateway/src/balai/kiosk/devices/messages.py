"""Indonesian texts for the kiosk screen, keyed by a stable message id.

The ids travel in events and telemetry (the operator console can translate them itself); the texts are
what a resident standing at the kiosk reads, so they say what happened and what to do next.
"""

from __future__ import annotations

__all__ = ["MESSAGES", "message_text"]

MESSAGES: dict[str, str] = {
    # Card reader
    "card.connect_failed": (
        "Kartu tidak dapat dibaca. Tempelkan kembali e-KTP di atas pembaca kartu dan tahan sampai ada tanda selesai."
    ),
    "card.read_failed": (
        "Kartu terlepas sebelum selesai dibaca. Tempelkan kembali e-KTP dan jangan digeser sampai selesai."
    ),
    "card.uid_rejected": (
        "Nomor kartu tidak dapat dibaca dari kartu ini. Pastikan yang ditempelkan adalah e-KTP, lalu coba lagi."
    ),
    "card.uid_invalid": "Nomor kartu yang terbaca tidak sah. Angkat e-KTP, lalu tempelkan kembali.",
    "card.mute": "Kartu tidak merespons. Angkat e-KTP, lalu tempelkan kembali. Jika tetap gagal, hubungi petugas desa.",
    "reader.none": "Pembaca kartu tidak ditemukan. Periksa kabel pembaca kartu atau hubungi petugas desa.",
    "reader.service_unavailable": (
        "Layanan pembaca kartu tidak berjalan. Mohon tunggu sebentar atau hubungi petugas desa."
    ),
    "reader.failure": "Pembaca kartu mengalami gangguan. Mohon tunggu sebentar atau hubungi petugas desa.",
    # A4 printer (CUPS)
    "printer.completed": "Surat selesai dicetak. Silakan ambil di printer.",
    "printer.printing": "Surat sedang dicetak. Mohon tunggu.",
    "printer.waiting": "Surat menunggu giliran cetak. Mohon tunggu.",
    "printer.paper_out": "Kertas printer habis. Mohon hubungi petugas desa untuk mengisi kertas.",
    "printer.paper_jam": "Kertas macet di printer. Mohon hubungi petugas desa.",
    "printer.offline": "Printer tidak tersambung atau mati. Mohon hubungi petugas desa.",
    "printer.ink_out": "Tinta atau toner printer habis. Mohon hubungi petugas desa.",
    "printer.ink_low": "Tinta atau toner printer hampir habis.",
    "printer.cover_open": "Penutup printer terbuka. Tutup penutup printer, atau hubungi petugas desa.",
    "printer.tray_missing": "Baki kertas printer tidak terpasang. Mohon hubungi petugas desa.",
    "printer.output_full": "Baki keluaran printer penuh. Ambil kertas yang sudah tercetak.",
    "printer.stopped": "Printer sedang dihentikan. Surat tidak dapat dicetak sekarang; mohon hubungi petugas desa.",
    "printer.not_accepting": "Printer sedang tidak menerima pekerjaan cetak. Mohon hubungi petugas desa.",
    "printer.not_found": "Printer belum diatur di anjungan ini. Mohon hubungi petugas desa.",
    "printer.misconfigured": "Pengaturan printer tidak lengkap. Mohon hubungi petugas desa.",
    "printer.spooler_unavailable": "Layanan pencetakan tidak berjalan. Mohon hubungi petugas desa.",
    "printer.job_cancelled": "Pencetakan dibatalkan.",
    "printer.job_aborted": "Pencetakan gagal. Mohon coba lagi atau hubungi petugas desa.",
    "printer.job_held": "Pencetakan ditahan oleh printer. Mohon hubungi petugas desa.",
    "printer.timeout": "Pencetakan terlalu lama dan dibatalkan. Mohon hubungi petugas desa.",
    "printer.error": "Printer mengalami gangguan. Mohon hubungi petugas desa.",
    # Ticket printer (ESC/POS)
    "ticket.unreachable": "Printer tiket tidak dapat dihubungi. Mohon hubungi petugas desa.",
    "ticket.failed": "Tiket antrean gagal dicetak. Mohon hubungi petugas desa.",
}


def message_text(message_id: str) -> str:
    """The Indonesian text for ``message_id``; an unknown id falls back to a generic text, never raises."""
    return MESSAGES.get(message_id, "Terjadi gangguan pada perangkat anjungan. Mohon hubungi petugas desa.")
