"""The demo's innovations, per sector of public service: titles that fit the agency that runs them and narratives
for every section of the proposal form, each well within its default word limit (tests/publication/
test_seed_demo.py checks it). Made-up examples in the style of real KOVABLIK entries, not real ones.

A sector holds its innovations (acronym, what it does), the category it is entered in, and the facts its narratives
are written from: the problem, who is served, the service channel, the measure that improved and the partners.
"""

import random
from dataclasses import dataclass

from competitions.enums import ProposalSection as S


@dataclass(frozen=True)
class Sector:
    key: str
    category: str  # one of competitions.services.DEFAULT_CATEGORIES
    unit: str  # the regency/city office that runs it ("" for the agency itself)
    innovations: tuple[tuple[str, str], ...]
    problem: str
    served: str
    channel: str
    measure: str  # what was measured, "waktu layanan" etc.
    unit_of_measure: str  # "hari", "menit", "persen"
    partners: str


SECTORS = {
    sector.key: sector
    for sector in [
        Sector(
            "kesehatan",
            "Kesehatan",
            "Dinas Kesehatan",
            (
                ("SIGAP", "Layanan Gawat Darurat Terpadu 24 Jam"),
                ("SEHATI", "Skrining Kesehatan Ibu Hamil Berisiko Tinggi"),
                ("RUMAH GIZI", "Penanganan Stunting Berbasis Posyandu"),
                ("ANTRI SEHAT", "Antrean Poliklinik Daring dan Pengingat Jadwal"),
                ("DOKTER KELILING", "Kunjungan Rumah bagi Pasien Lansia dan Disabilitas"),
                ("TB TUNTAS", "Pendampingan Minum Obat Pasien Tuberkulosis"),
                ("SIAGA JIWA", "Layanan Kesehatan Jiwa di Puskesmas"),
                ("E-RUJUKAN", "Rujukan Terintegrasi Puskesmas dan Rumah Sakit"),
            ),
            "warga menunggu berjam-jam di loket dan banyak yang pulang tanpa dilayani",
            "pasien, ibu hamil dan keluarga berisiko",
            "aplikasi di ponsel, pesan WhatsApp dan petugas puskesmas",
            "waktu tunggu layanan",
            "menit",
            "puskesmas, bidan desa, kader posyandu dan rumah sakit rujukan",
        ),
        Sector(
            "adminduk",
            "Tata kelola pemerintahan",
            "Dinas Kependudukan dan Pencatatan Sipil",
            (
                ("JEMPOL", "Jemput Bola Administrasi Kependudukan ke Desa"),
                ("KLAMPID", "Layanan Akta dan KTP Elektronik Daring"),
                ("SAKTI", "Surat Keterangan Tanpa Antre"),
                ("DUKCAPIL GO", "Perekaman KTP-el untuk Warga Difabel di Rumah"),
                ("AKTA LAHIR CEPAT", "Akta Kelahiran Terbit dari Ruang Bersalin"),
                ("PASTI", "Pencatatan Kematian Terpadu dengan Desa"),
                ("KIA KITA", "Kartu Identitas Anak lewat Sekolah"),
            ),
            "warga desa harus datang berkali-kali ke kantor dinas untuk satu dokumen",
            "warga desa terpencil, lansia, penyandang disabilitas dan orang tua bayi baru lahir",
            "mobil layanan keliling, pendaftaran daring dan petugas registrasi di desa",
            "waktu terbit dokumen",
            "hari",
            "pemerintah desa, rumah sakit, sekolah dan organisasi penyandang disabilitas",
        ),
        Sector(
            "perizinan",
            "Pertumbuhan ekonomi dan lapangan kerja",
            "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
            (
                ("GERCEP", "Perizinan Usaha Mikro Satu Hari"),
                ("SIPINTER", "Sistem Perizinan Terpadu Daring"),
                ("IZIN DI DESA", "Pendampingan Perizinan Berusaha di Balai Desa"),
                ("MPP KELILING", "Mal Pelayanan Publik Keliling Kecamatan"),
                ("NIB KILAT", "Nomor Induk Berusaha untuk Pedagang Pasar"),
            ),
            "pelaku usaha kecil tidak mengurus izin karena syaratnya rumit dan kantornya jauh",
            "pelaku usaha mikro dan kecil, pedagang pasar dan calon investor",
            "loket terpadu, layanan daring dan pendamping di kecamatan",
            "waktu penyelesaian izin",
            "hari",
            "kecamatan, asosiasi pedagang, perbankan dan OSS",
        ),
        Sector(
            "sosial",
            "Inklusi sosial",
            "Dinas Sosial",
            (
                ("SAPA LANSIA", "Pendampingan Lansia Terlantar"),
                ("RUMAH RAMAH", "Layanan Terpadu Perempuan dan Anak Korban Kekerasan"),
                ("BISA MANDIRI", "Pelatihan Kerja bagi Penyandang Disabilitas"),
                ("DATA SOSIAL SATU", "Pemutakhiran Data Penerima Bantuan oleh Desa"),
                ("PUSPAGA", "Pusat Pembelajaran Keluarga"),
                ("ANAK HEBAT", "Pencegahan Perkawinan Anak"),
            ),
            "bantuan sosial salah sasaran dan warga rentan tidak tahu ke mana mengadu",
            "lansia, penyandang disabilitas, perempuan dan anak korban kekerasan",
            "pendamping sosial, layanan pengaduan 24 jam dan rumah aman",
            "waktu penanganan kasus",
            "hari",
            "pemerintah desa, PKK, lembaga bantuan hukum dan rumah sakit",
        ),
        Sector(
            "pendidikan",
            "Pendidikan",
            "Dinas Pendidikan",
            (
                ("BISA SEKOLAH", "Pencegahan Anak Putus Sekolah"),
                ("GURU BERBAGI", "Komunitas Belajar Guru Daring"),
                ("PERPUS KELILING", "Perpustakaan Keliling ke Dusun"),
                ("SEKOLAH RAMAH", "Sekolah Inklusif bagi Anak Berkebutuhan Khusus"),
                ("LITERASI DESA", "Taman Baca Berbasis Balai Desa"),
            ),
            "banyak anak berhenti sekolah karena jarak, biaya dan kurangnya pendampingan",
            "pelajar dari keluarga miskin, anak berkebutuhan khusus dan guru",
            "sekolah, perpustakaan keliling dan kelas daring",
            "angka putus sekolah",
            "persen",
            "sekolah, komite sekolah, perguruan tinggi dan pemerintah desa",
        ),
        Sector(
            "pangan",
            "Ketahanan pangan",
            "Dinas Pertanian dan Ketahanan Pangan",
            (
                ("SI-PADI", "Informasi Harga dan Stok Pangan Harian"),
                ("PETANI CERDAS", "Penyuluhan Pertanian lewat Pesan Singkat"),
                ("LUMBUNG DESA", "Cadangan Pangan Desa Terkelola"),
                ("SAPI SEHAT", "Layanan Kesehatan Ternak Keliling"),
                ("PUPUK TEPAT", "Penyaluran Pupuk Bersubsidi Terpantau"),
            ),
            "petani tidak tahu harga pasar dan sering menjual hasil panen di bawah harga wajar",
            "petani, peternak dan kelompok tani",
            "penyuluh lapangan, pesan WhatsApp dan papan informasi di pasar",
            "selisih harga jual petani",
            "persen",
            "kelompok tani, penyuluh, pasar induk dan Bulog",
        ),
        Sector(
            "perikanan",
            "Pertumbuhan ekonomi dan lapangan kerja",
            "Dinas Perikanan",
            (
                ("NELAYAN PINTAR", "Informasi Cuaca dan Harga Ikan"),
                ("LAUT AMAN", "Pendaftaran Kapal dan Asuransi Nelayan"),
                ("IKAN SEGAR", "Rantai Dingin Hasil Tangkapan Nelayan Kecil"),
            ),
            "nelayan kecil melaut tanpa informasi cuaca dan menjual ikan kepada tengkulak",
            "nelayan kecil, pembudidaya ikan dan pengolah hasil perikanan",
            "papan informasi di pelabuhan, radio pantai dan aplikasi",
            "hari melaut yang aman",
            "persen",
            "BMKG, koperasi nelayan, pelabuhan perikanan dan perbankan",
        ),
        Sector(
            "pendapatan",
            "Tata kelola pemerintahan",
            "Badan Pendapatan Daerah",
            (
                ("E-PAJAK", "Pembayaran Pajak Kendaraan Keliling"),
                ("SAMSAT DESA", "Samsat di Balai Desa"),
                ("PBB MUDAH", "Pembayaran PBB lewat Gerai Ritel"),
                ("PAJAK BERKAH", "Pengingat Jatuh Tempo Pajak lewat WhatsApp"),
            ),
            "wajib pajak di desa harus menempuh perjalanan jauh dan antre untuk membayar pajak",
            "wajib pajak kendaraan dan bangunan di desa",
            "gerai keliling, kanal pembayaran daring dan gerai ritel",
            "waktu pembayaran",
            "menit",
            "Bank Jatim, kepolisian, pemerintah desa dan gerai ritel",
        ),
        Sector(
            "perhubungan",
            "Tata kelola pemerintahan",
            "Dinas Perhubungan",
            (
                ("UJI KIR CEPAT", "Uji Berkala Kendaraan dengan Jadwal Daring"),
                ("TRANS DESA", "Angkutan Perdesaan Terjadwal"),
                ("JALAN AMAN", "Pemantauan Titik Rawan Kecelakaan"),
            ),
            "pemilik kendaraan menunggu seharian untuk uji berkala dan warga desa kesulitan angkutan",
            "pemilik kendaraan angkutan, pelajar dan warga desa",
            "jadwal daring, papan informasi di halte dan petugas lapangan",
            "waktu layanan uji",
            "menit",
            "kepolisian, operator angkutan, sekolah dan pemerintah desa",
        ),
        Sector(
            "lingkungan",
            "Energi dan lingkungan hidup",
            "Dinas Lingkungan Hidup",
            (
                ("OMAH SAMPAH", "Bank Sampah dan Ekonomi Sirkular"),
                ("SiBening", "Pemantauan Kualitas Air Sungai"),
                ("KAMPUNG IKLIM", "Pendampingan Kampung Iklim"),
                ("SUMUR RESAPAN", "Gerakan Sumur Resapan Warga"),
                ("DESA SURYA", "Listrik Tenaga Surya untuk Fasilitas Umum Desa"),
            ),
            "sampah rumah tangga dibuang ke sungai dan pencemaran tidak terpantau",
            "rumah tangga, sekolah, pelaku usaha dan kelompok warga",
            "bank sampah, sensor kualitas air dan aplikasi pelaporan warga",
            "sampah yang terkelola",
            "persen",
            "bank sampah, sekolah, perusahaan daur ulang dan perguruan tinggi",
        ),
        Sector(
            "tenaga_kerja",
            "Pertumbuhan ekonomi dan lapangan kerja",
            "Dinas Tenaga Kerja",
            (
                ("SIAP KERJA", "Pelatihan dan Penempatan Tenaga Kerja"),
                ("KLINIK UMKM", "Konsultasi Usaha dan Keuangan UMKM"),
                ("PASAR KITA", "Pemasaran Daring Produk UMKM"),
                ("KARTU PRAKERJA DESA", "Pendampingan Pencari Kerja di Desa"),
            ),
            "pencari kerja tidak punya keterampilan yang dicari dan UMKM sulit menjangkau pasar",
            "pencari kerja muda, pekerja migran purna dan pelaku UMKM",
            "balai latihan kerja, bursa kerja daring dan pendamping usaha",
            "lulusan pelatihan yang bekerja",
            "persen",
            "balai latihan kerja, perusahaan, koperasi dan perbankan",
        ),
        Sector(
            "bencana",
            "Ketangguhan bencana",
            "Badan Penanggulangan Bencana Daerah",
            (
                ("TANGGUH", "Desa Tangguh Bencana"),
                ("SIAGA BANJIR", "Peringatan Dini Banjir Berbasis Warga"),
                ("JATIM AMAN", "Patroli Ketertiban Lingkungan Terpadu"),
                ("SEKOLAH SIAGA", "Satuan Pendidikan Aman Bencana"),
            ),
            "warga di daerah rawan tidak mendapat peringatan dini dan tidak tahu jalur evakuasi",
            "warga di daerah rawan banjir, longsor dan erupsi, pelajar dan relawan",
            "sirene desa, grup pesan warga dan relawan terlatih",
            "waktu tanggap darurat",
            "menit",
            "relawan, TNI/Polri, sekolah dan pemerintah desa",
        ),
        Sector(
            "tata_kelola",
            "Tata kelola pemerintahan",
            "Dinas Komunikasi dan Informatika",
            (
                ("LAPOR CEPAT", "Pengaduan Pelayanan Publik Daring"),
                ("SATU DATA", "Portal Satu Data Daerah"),
                ("SIMPEL", "Pelayanan Terpadu Kecamatan"),
                ("E-KINERJA", "Penilaian Kinerja Pegawai Berbasis Layanan"),
                ("DESA DIGITAL", "Layanan Surat Desa Daring"),
                ("ASN BELAJAR", "Pembelajaran Daring Aparatur"),
            ),
            "pengaduan warga tercecer di banyak kanal dan tidak ada yang menindaklanjuti",
            "warga yang mengadu, perangkat desa dan aparatur sipil negara",
            "aplikasi pengaduan, media sosial resmi dan pusat panggilan",
            "waktu tindak lanjut pengaduan",
            "hari",
            "seluruh perangkat daerah, kecamatan, desa dan Ombudsman",
        ),
        Sector(
            "air_minum",
            "Energi dan lingkungan hidup",
            "",
            (
                ("TAGIHAN JELAS", "Tagihan Air Digital dan Baca Meter Mandiri"),
                ("AIR UNTUK SEMUA", "Sambungan Air Bersih bagi Keluarga Miskin"),
                ("BOCOR LAPOR", "Pelaporan Kebocoran Pipa oleh Pelanggan"),
            ),
            "pelanggan mengeluhkan tagihan yang tidak sesuai pemakaian dan kebocoran yang lama ditangani",
            "pelanggan rumah tangga dan keluarga miskin",
            "aplikasi pelanggan, pembacaan meter dengan foto dan pusat panggilan",
            "waktu penanganan keluhan",
            "jam",
            "pemerintah desa, perbankan, gerai ritel dan komunitas warga",
        ),
        Sector(
            "keuangan",
            "Penanggulangan kemiskinan",
            "",
            (
                ("KREDIT KILAT", "Kredit Usaha Mikro Tanpa Agunan"),
                ("AGEN DESA", "Layanan Perbankan lewat Agen di Desa"),
                ("JAMIN UMKM", "Penjaminan Kredit Pelaku Usaha Pemula"),
                ("TABUNGAN PELAJAR", "Literasi Keuangan dan Tabungan Pelajar"),
            ),
            "pelaku usaha mikro di desa tidak terjangkau layanan keuangan dan terjerat rentenir",
            "pelaku usaha mikro, pelajar dan warga desa yang belum punya rekening",
            "agen bank di desa, aplikasi seluler dan pendamping usaha",
            "waktu persetujuan kredit",
            "hari",
            "pemerintah desa, koperasi, sekolah dan dinas koperasi",
        ),
        Sector(
            "aparatur",
            "Tata kelola pemerintahan",
            "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
            (
                ("SIAP ASN", "Layanan Kenaikan Pangkat dan Pensiun Tanpa Berkas"),
                ("CORPU", "Sekolah Kepemimpinan Aparatur Berbasis Kasus Layanan"),
                ("WBS JUJUR", "Pengaduan Pelanggaran Berbasis Whistleblowing"),
                ("ASPIRASI KITA", "Penjaringan Aspirasi Warga untuk Dewan"),
            ),
            "berkas kepegawaian bolak-balik antarkantor dan aduan pelanggaran tidak tertangani",
            "aparatur sipil negara, pensiunan dan warga yang menyampaikan aduan",
            "aplikasi layanan kepegawaian, kanal aduan rahasia dan kelas daring",
            "waktu penyelesaian layanan kepegawaian",
            "hari",
            "BKN, perangkat daerah, perguruan tinggi dan Ombudsman",
        ),
        Sector(
            "pariwisata",
            "Pemberdayaan masyarakat",
            "Dinas Pariwisata",
            (
                ("DESA WISATA NAIK KELAS", "Pendampingan Pengelola Desa Wisata"),
                ("PESONA BUDAYA", "Kalender Event Budaya Terpadu"),
                ("JATIM TRIP", "Informasi Wisata dan Reservasi Homestay"),
            ),
            "pengelola desa wisata kesulitan mempromosikan dan mengelola kunjungan",
            "pengelola desa wisata, pelaku seni dan pelaku usaha wisata",
            "pendampingan di desa, aplikasi informasi wisata dan kalender acara",
            "kunjungan wisatawan yang tercatat",
            "persen",
            "kelompok sadar wisata, pelaku seni, biro perjalanan dan perguruan tinggi",
        ),
        Sector(
            "infrastruktur",
            "Pemberdayaan masyarakat",
            "Dinas Pekerjaan Umum dan Perumahan",
            (
                ("JALAN MULUS", "Pelaporan Jalan Rusak oleh Warga"),
                ("RUMAH LAYAK", "Bedah Rumah Tidak Layak Huni Terpadu"),
                ("AIR DESA", "Pembangunan Jaringan Air Bersih Desa Bersama Warga"),
                ("PJU HEMAT", "Penerangan Jalan Umum Tenaga Surya"),
            ),
            "laporan jalan rusak dan rumah tidak layak huni lama ditangani karena datanya tidak terpadu",
            "pengguna jalan, keluarga miskin penghuni rumah tidak layak dan warga desa",
            "aplikasi pelaporan dengan foto, peta digital dan tim reaksi cepat",
            "waktu penanganan laporan",
            "hari",
            "pemerintah desa, kelompok masyarakat, Baznas dan perbankan",
        ),
        Sector(
            "desa",
            "Pemberdayaan masyarakat",
            "Dinas Pemberdayaan Masyarakat dan Desa",
            (
                ("DESA BERDAYA", "Pendampingan BUMDes Naik Kelas"),
                ("SISKEUDES TERBUKA", "Transparansi Dana Desa di Papan dan Ponsel"),
                ("KADER DIGITAL", "Kader Desa Melek Digital"),
            ),
            "pengelolaan dana desa sulit dipantau warga dan BUMDes banyak yang tidak berjalan",
            "perangkat desa, pengurus BUMDes dan warga desa",
            "papan informasi desa, aplikasi dan pendamping desa",
            "BUMDes yang aktif",
            "persen",
            "pemerintah desa, pendamping desa, perguruan tinggi dan perbankan",
        ),
        Sector(
            "usaha_daerah",
            "Pertumbuhan ekonomi dan lapangan kerja",
            "",
            (
                ("JARGAS RUMAH", "Sambungan Gas Bumi untuk Rumah Tangga"),
                ("GUDANG RAKYAT", "Gudang Bersama dan Pemasaran Hasil Petani"),
                ("SEWA MUDAH", "Layanan Sewa Aset Daerah Daring"),
            ),
            "warga dan pelaku usaha kecil sulit mengakses layanan usaha milik daerah yang prosedurnya berbelit",
            "rumah tangga, petani dan pelaku usaha kecil",
            "layanan pelanggan daring, pusat panggilan dan petugas lapangan",
            "waktu layanan pelanggan",
            "hari",
            "pemerintah kabupaten/kota, koperasi dan perbankan",
        ),
    ]
}

# The sector of a provincial agency, a unit or a BUMD, by short name; agencies not listed take "tata_kelola".
SECTOR_OF_AGENCY = {
    "Dinkes": "kesehatan",
    "RSUD Dr. Soetomo": "kesehatan",
    "RSUD Saiful Anwar": "kesehatan",
    "RSU Haji": "kesehatan",
    "RSJ Menur": "kesehatan",
    "UPT Labkesda": "kesehatan",
    "Dindik": "pendidikan",
    "Dispusip": "pendidikan",
    "Dispora": "pendidikan",
    "Dinsos": "sosial",
    "DP3AK": "sosial",
    "UPT PSTW Jember": "sosial",
    "UPT PSBR Blitar": "sosial",
    "Dishub": "perhubungan",
    "UPT PKB Surabaya": "perhubungan",
    "DLH": "lingkungan",
    "DPU SDA": "lingkungan",
    "ESDM": "lingkungan",
    "Dishut": "lingkungan",
    "Dispendukcapil": "adminduk",
    "DPMPTSP": "perizinan",
    "Disperindag": "perizinan",
    "Disnakertrans": "tenaga_kerja",
    "UPT BLK Singosari": "tenaga_kerja",
    "Diskop UKM": "tenaga_kerja",
    "Distanbun": "pangan",
    "DKP Pangan": "pangan",
    "Disnak": "pangan",
    "DKP": "perikanan",
    "UPT PPP Mayangan": "perikanan",
    "Bapenda": "pendapatan",
    "UPT PPD Surabaya Utara": "pendapatan",
    "UPT PPD Malang": "pendapatan",
    "BPKAD": "pendapatan",
    "BPBD": "bencana",
    "Satpol PP": "bencana",
    "BKD": "aparatur",
    "BPSDM": "aparatur",
    "Inspektorat": "aparatur",
    "Setwan": "aparatur",
    "Disbudpar": "pariwisata",
    "DPU Bina Marga": "infrastruktur",
    "Disperkim": "infrastruktur",
    "DPMD": "desa",
    "PJU": "usaha_daerah",
    "JGU": "usaha_daerah",
    "PWU": "usaha_daerah",
    "Bank Jatim": "keuangan",
    "Jamkrida Jatim": "keuangan",
    "Perumda Delta Tirta": "air_minum",
    "PDAM Surya Sembada": "air_minum",
}
# A regency or city government enters through its offices: the sectors it draws its entries from, in turn.
GOVERNMENT_SECTORS = (
    "adminduk",
    "kesehatan",
    "perizinan",
    "sosial",
    "pendidikan",
    "pangan",
    "lingkungan",
    "tata_kelola",
    "bencana",
    "pendapatan",
    "tenaga_kerja",
    "infrastruktur",
    "pariwisata",
    "desa",
)


# How an agency names the next generation of an idea it entered before.
NEXT_GENERATIONS = ("Plus", "Digital", "Terpadu", "Mandiri", "Go", "Pintar", "Inklusif", "Berdaya")


@dataclass(frozen=True)
class Innovation:
    """One demo innovation as entered by one agency: everything its proposal's fields and sections are written from."""

    sector: Sector
    acronym: str
    what: str
    runner: str  # who runs it: the agency, or the regency's office
    place: str  # where it runs: the regency or city, or "Jawa Timur"
    started_year: int

    @property
    def title(self) -> str:
        return f"{self.acronym}: {self.what}"


def sector_for(agency, turn: int) -> Sector:
    """The agency's sector; a regency/city government's `turn`-th entry comes from the next of its offices."""
    if agency.kind == "regency_city":
        offset = sum(map(ord, agency.name))  # governments start at different offices, deterministically
        return SECTORS[GOVERNMENT_SECTORS[(offset + turn) % len(GOVERNMENT_SECTORS)]]
    return SECTORS[SECTOR_OF_AGENCY.get(agency.short_name, "tata_kelola")]


def innovation_for(agency, turn: int, *, year: int) -> Innovation:
    """The agency's `turn`-th innovation (turns count across editions, so no title repeats for an agency)."""
    sector = sector_for(agency, turn)
    rounds = turn // len(GOVERNMENT_SECTORS) if agency.kind == "regency_city" else turn
    start = sum(map(ord, agency.short_name or agency.name))  # agencies of a sector start at different ideas
    acronym, what = sector.innovations[(rounds + start) % len(sector.innovations)]
    if agency.kind == "regency_city":
        place = agency.name.removeprefix("Pemerintah ")
        runner = f"{sector.unit} {place}" if sector.unit else agency.name
        acronym = f"{acronym} {place}"
    else:
        place = agency.region.name if agency.kind == "unit" and agency.region_id else "Jawa Timur"
        runner = agency.name
    if rounds >= len(sector.innovations):  # the same idea again, years later: its next generation
        generation = NEXT_GENERATIONS[(rounds // len(sector.innovations) - 1 + start) % len(NEXT_GENERATIONS)]
        acronym = f"{acronym} {generation}"
    return Innovation(sector, acronym, what, runner, place, started_year=year - 2 - turn % 3)


# What each idea does → its sector and acronym: how a replication finds the idea of the innovation it copies.
IDEAS = {what: (sector, acronym) for sector in SECTORS.values() for acronym, what in sector.innovations}


def sectors_open_to(agency) -> set[str]:
    """The sectors whose ideas the agency could run: a government's offices, or the agency's own sector."""
    if agency.kind == "regency_city":
        return set(GOVERNMENT_SECTORS)
    return {sector_for(agency, 0).key}


def idea_of(title: str) -> tuple[Sector, str, str] | None:
    """(sector, acronym, what) of a demo innovation's title, or None for a title not from this bank."""
    what = title.partition(": ")[2]
    if what not in IDEAS:
        return None
    sector, acronym = IDEAS[what]
    return sector, acronym, what


def replica_of(agency, source_title: str, *, year: int) -> Innovation:
    """The agency's replication of the innovation titled `source_title`: the same idea under its own name."""
    sector, acronym, what = idea_of(source_title)
    if agency.kind == "regency_city":
        place = agency.name.removeprefix("Pemerintah ")
        runner = f"{sector.unit} {place}" if sector.unit else agency.name
        acronym = f"{acronym} {place}"
    else:
        place = agency.region.name if agency.kind == "unit" and agency.region_id else "Jawa Timur"
        runner = agency.name
        acronym = f"{acronym} {agency.short_name or agency.name}"
    return Innovation(sector, acronym, what, runner, place, started_year=year - 1)


def continued(agency, title: str, *, year: int) -> Innovation:
    """The agency's own earlier innovation `title`, entered again (in Kelompok Khusus) after it won."""
    sector, _acronym, what = idea_of(title) or (sector_for(agency, 0), "", title)
    runner = agency.name
    if agency.kind == "regency_city" and sector.unit:
        runner = f"{sector.unit} {agency.name.removeprefix('Pemerintah ')}"
    place = agency.name.removeprefix("Pemerintah ") if agency.kind == "regency_city" else "Jawa Timur"
    return Innovation(sector, title.partition(": ")[0], what, runner, place, started_year=year - 4)


def narratives(innovation: Innovation, sections, rng: random.Random, *, sources: str = "", award: str = "") -> dict:
    """Section → text for every section given, each under 60% of its default limit."""
    s = innovation.sector
    before = (
        rng.choice([5, 7, 10, 14, 21, 30])
        if s.unit_of_measure in ("hari", "jam")
        else rng.choice([45, 60, 90, 120, 180])
    )
    if s.unit_of_measure == "persen":
        before = rng.choice([12, 18, 25, 31])
    after = max(1, round(before * rng.uniform(0.15, 0.45)))
    users = rng.choice([1_200, 2_800, 4_500, 9_000, 15_000, 32_000])
    villages = rng.choice([12, 24, 36, 48, 60])
    budget = rng.choice([85, 150, 240, 320, 475])
    staff = rng.choice([6, 9, 12, 15, 20])
    name, runner, place = innovation.acronym, innovation.runner, innovation.place
    users_text = f"{users:,}".replace(",", ".")  # Indonesian thousands separator
    change = (
        f"turun dari {before} menjadi {after} {s.unit_of_measure}"
        if s.unit_of_measure != "persen"
        else f"berubah dari {before} persen menjadi {after} persen"
    )
    texts = {
        S.SUMMARY: (
            f"{innovation.title} adalah inovasi {runner} untuk {s.served}. Sebelumnya {s.problem}. "
            f"Melalui {s.channel}, {name} membawa layanan lebih dekat kepada warga. Sejak mulai berjalan pada "
            f"{innovation.started_year}, {users_text} warga telah terlayani di {villages} desa dan kelurahan, dan "
            f"{s.measure} {change}."
        ),
        S.BACKGROUND: (
            f"Survei kepuasan masyarakat dan data pengaduan {runner} menunjukkan bahwa {s.problem}. Kelompok yang "
            f"paling dirugikan adalah {s.served}, yang sering harus mengorbankan waktu kerja dan biaya perjalanan. "
            f"Tujuan {name} adalah memangkas {s.measure}, menjangkau warga yang selama ini tertinggal, dan membuat "
            f"proses layanan dapat dipantau oleh pimpinan maupun warga sendiri."
        ),
        S.NOVELTY: (
            f"Yang baru dari {name} adalah cara layanan didatangkan kepada warga: {s.channel} dipadukan dalam satu "
            f"alur, sehingga warga cukup satu kali mengajukan dan dapat melihat status permohonannya. Data setiap "
            f"layanan tercatat dan dibahas setiap bulan bersama {s.partners}. Sebelum {name}, setiap pihak bekerja "
            f"sendiri dengan formulir kertas; kini tidak ada lagi berkas ganda, dan keluhan dijawab pada hari yang "
            f"sama. Nilai tambahnya terasa terutama bagi {s.served} di wilayah yang jauh dari pusat layanan."
        ),
        S.IMPLEMENTATION: (
            f"{name} ditetapkan dengan keputusan kepala {runner} dan dijalankan oleh tim berisi {staff} petugas. "
            f"Uji coba dilakukan di beberapa desa pada {innovation.started_year}, lalu diperluas ke seluruh "
            f"{place} pada tahun berikutnya setelah evaluasi bersama warga."
        ),
        S.SIGNIFICANCE: (
            f"Dampak {name} terukur dari data layanan: {s.measure} {change}, dan jumlah warga terlayani naik "
            f"menjadi {users_text} orang. Survei kepuasan pengguna mencapai {rng.randint(82, 95)} dari 100. "
            f"Warga tidak lagi mengeluarkan biaya perjalanan ke kantor layanan, rata-rata "
            f"Rp{rng.choice([25, 40, 60, 75])} ribu sekali datang. Manfaat ini sejalan dengan tujuan pembangunan "
            f"berkelanjutan tentang layanan yang inklusif dan lembaga yang efektif, dan diakui oleh {s.partners}."
        ),
        S.ADAPTABILITY: (
            f"Alur {name} sederhana dan terdokumentasi dalam panduan, sehingga dapat diterapkan daerah lain tanpa "
            f"perangkat mahal. Beberapa instansi sudah melakukan studi tiru dan menerapkannya dengan penyesuaian "
            f"pada kondisi wilayah masing-masing."
        ),
        S.RESOURCES: (
            f"{name} dijalankan oleh {staff} petugas dengan anggaran Rp{budget} juta per tahun dari APBD, ditambah "
            f"dukungan sarana dari {s.partners}."
        ),
        S.SUSTAINABILITY: (
            f"Keberlanjutan {name} dijamin oleh peraturan kepala daerah, anggaran rutin dalam rencana kerja "
            f"{runner}, dan standar operasional prosedur yang dipakai semua petugas. Pelatihan petugas baru "
            f"dilakukan setiap tahun, dan forum warga menilai layanan setiap enam bulan. Kerja sama dengan "
            f"{s.partners} dituangkan dalam perjanjian tertulis, sehingga layanan tetap berjalan ketika pimpinan "
            f"berganti."
        ),
        S.INSPIRATION: (
            f"{name} terinspirasi dari {sources or 'inovasi serupa yang kami pelajari melalui studi tiru'}, yang "
            f"terbukti mendekatkan layanan kepada {s.served}."
        ),
        S.REPLICATION_PROCESS: (
            f"Tim {runner} melakukan studi tiru, mempelajari panduan dan aplikasi inovasi asal, lalu menyesuaikan "
            f"alur layanan dengan kondisi {place}. Uji coba di {min(villages, 12)} desa dilakukan sebelum layanan "
            f"diperluas."
        ),
        S.DIFFERENTIATORS: (
            f"Berbeda dari inovasi asalnya, {name} di {place} melibatkan {s.partners} sejak awal dan melayani "
            f"warga di luar jam kerja."
        ),
        S.IMPROVEMENTS: (
            f"Sejak meraih penghargaan {award or 'KOVABLIK'}, {name} memperluas jangkauan ke {villages} desa, "
            f"menambah kanal layanan daring, dan memangkas {s.measure} lebih jauh."
        ),
        S.FURTHER_REPLICATIONS: (
            f"{name} telah direplikasi oleh {rng.randint(2, 6)} instansi lain di Jawa Timur setelah studi tiru, "
            f"dengan pendampingan langsung dari tim {runner}."
        ),
        S.STRENGTHENED_SUSTAINABILITY: (
            f"Layanan kini diatur dalam peraturan daerah, anggarannya masuk belanja rutin, dan petugasnya "
            f"bersertifikat, sehingga {name} tidak bergantung pada satu pimpinan."
        ),
        S.LATEST_EVALUATION: (
            f"Evaluasi terakhir oleh Inspektorat dan perguruan tinggi mitra menyatakan {name} berjalan sesuai "
            f"standar, dengan kepuasan pengguna {rng.randint(84, 96)} dari 100."
        ),
    }
    return {section: texts[section] for section in sections}
