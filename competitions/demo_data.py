"""Reference data for the demo: East Java's 38 regencies/cities and a realistic set of agencies."""

from .enums import AgencyKind, RegionKind

# (BPS code, name): 29 regencies (kabupaten) and 9 cities (kota).
REGENCIES = [
    ("3501", "Pacitan"),
    ("3502", "Ponorogo"),
    ("3503", "Trenggalek"),
    ("3504", "Tulungagung"),
    ("3505", "Blitar"),
    ("3506", "Kediri"),
    ("3507", "Malang"),
    ("3508", "Lumajang"),
    ("3509", "Jember"),
    ("3510", "Banyuwangi"),
    ("3511", "Bondowoso"),
    ("3512", "Situbondo"),
    ("3513", "Probolinggo"),
    ("3514", "Pasuruan"),
    ("3515", "Sidoarjo"),
    ("3516", "Mojokerto"),
    ("3517", "Jombang"),
    ("3518", "Nganjuk"),
    ("3519", "Madiun"),
    ("3520", "Magetan"),
    ("3521", "Ngawi"),
    ("3522", "Bojonegoro"),
    ("3523", "Tuban"),
    ("3524", "Lamongan"),
    ("3525", "Gresik"),
    ("3526", "Bangkalan"),
    ("3527", "Sampang"),
    ("3528", "Pamekasan"),
    ("3529", "Sumenep"),
]
CITIES = [
    ("3571", "Kediri"),
    ("3572", "Blitar"),
    ("3573", "Malang"),
    ("3574", "Probolinggo"),
    ("3575", "Pasuruan"),
    ("3576", "Mojokerto"),
    ("3577", "Madiun"),
    ("3578", "Surabaya"),
    ("3579", "Batu"),
]


def regions():
    for code, name in REGENCIES:
        yield code, f"Kabupaten {name}", RegionKind.REGENCY
    for code, name in CITIES:
        yield code, f"Kota {name}", RegionKind.CITY


# (name, short name): the provincial agencies (Perangkat Daerah Provinsi Jawa Timur), seated in Surabaya.
PROVINCIAL_AGENCIES = [
    ("Dinas Kesehatan Provinsi Jawa Timur", "Dinkes"),
    ("Dinas Pendidikan Provinsi Jawa Timur", "Dindik"),
    ("Dinas Sosial Provinsi Jawa Timur", "Dinsos"),
    ("Dinas Perhubungan Provinsi Jawa Timur", "Dishub"),
    ("Dinas Pekerjaan Umum Bina Marga Provinsi Jawa Timur", "DPU Bina Marga"),
    ("Dinas Pekerjaan Umum Sumber Daya Air Provinsi Jawa Timur", "DPU SDA"),
    ("Dinas Perumahan Rakyat, Kawasan Permukiman dan Cipta Karya Provinsi Jawa Timur", "Disperkim"),
    ("Dinas Lingkungan Hidup Provinsi Jawa Timur", "DLH"),
    ("Dinas Kependudukan dan Pencatatan Sipil Provinsi Jawa Timur", "Dispendukcapil"),
    ("Dinas Pemberdayaan Perempuan, Perlindungan Anak dan Kependudukan Provinsi Jawa Timur", "DP3AK"),
    ("Dinas Pemberdayaan Masyarakat dan Desa Provinsi Jawa Timur", "DPMD"),
    ("Dinas Tenaga Kerja dan Transmigrasi Provinsi Jawa Timur", "Disnakertrans"),
    ("Dinas Koperasi dan Usaha Kecil Menengah Provinsi Jawa Timur", "Diskop UKM"),
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Provinsi Jawa Timur", "DPMPTSP"),
    ("Dinas Kepemudaan dan Olahraga Provinsi Jawa Timur", "Dispora"),
    ("Dinas Kebudayaan dan Pariwisata Provinsi Jawa Timur", "Disbudpar"),
    ("Dinas Perpustakaan dan Kearsipan Provinsi Jawa Timur", "Dispusip"),
    ("Dinas Komunikasi dan Informatika Provinsi Jawa Timur", "Diskominfo"),
    ("Dinas Tanaman Pangan, Hortikultura dan Perkebunan Provinsi Jawa Timur", "Distanbun"),
    ("Dinas Ketahanan Pangan Provinsi Jawa Timur", "DKP Pangan"),
    ("Dinas Peternakan Provinsi Jawa Timur", "Disnak"),
    ("Dinas Kelautan dan Perikanan Provinsi Jawa Timur", "DKP"),
    ("Dinas Kehutanan Provinsi Jawa Timur", "Dishut"),
    ("Dinas Perindustrian dan Perdagangan Provinsi Jawa Timur", "Disperindag"),
    ("Dinas Energi dan Sumber Daya Mineral Provinsi Jawa Timur", "ESDM"),
    ("Badan Perencanaan Pembangunan Daerah Provinsi Jawa Timur", "Bappeda"),
    ("Badan Pendapatan Daerah Provinsi Jawa Timur", "Bapenda"),
    ("Badan Pengelola Keuangan dan Aset Daerah Provinsi Jawa Timur", "BPKAD"),
    ("Badan Kepegawaian Daerah Provinsi Jawa Timur", "BKD"),
    ("Badan Pengembangan Sumber Daya Manusia Provinsi Jawa Timur", "BPSDM"),
    ("Badan Penanggulangan Bencana Daerah Provinsi Jawa Timur", "BPBD"),
    ("Badan Kesatuan Bangsa dan Politik Provinsi Jawa Timur", "Bakesbangpol"),
    ("Badan Riset dan Inovasi Daerah Provinsi Jawa Timur", "BRIDA"),
    ("Inspektorat Provinsi Jawa Timur", "Inspektorat"),
    ("Satuan Polisi Pamong Praja Provinsi Jawa Timur", "Satpol PP"),
    ("Sekretariat DPRD Provinsi Jawa Timur", "Setwan"),
    ("RSUD Dr. Soetomo", "RSUD Dr. Soetomo"),
    ("RSUD Dr. Saiful Anwar", "RSUD Saiful Anwar"),
    ("RSUD Haji Provinsi Jawa Timur", "RSU Haji"),
    ("Rumah Sakit Jiwa Menur", "RSJ Menur"),
]

# (name, short name, parent short name, region name)
UNITS = [
    ("UPT Laboratorium Kesehatan Daerah Provinsi Jawa Timur", "UPT Labkesda", "Dinkes", "Kota Surabaya"),
    ("UPT Pelayanan Sosial Tresna Werdha Jember", "UPT PSTW Jember", "Dinsos", "Kabupaten Jember"),
    ("UPT Pelayanan Sosial Bina Remaja Blitar", "UPT PSBR Blitar", "Dinsos", "Kabupaten Blitar"),
    ("UPT Pusat Pelayanan Pajak Daerah Surabaya Utara", "UPT PPD Surabaya Utara", "Bapenda", "Kota Surabaya"),
    ("UPT Pusat Pelayanan Pajak Daerah Malang Kota", "UPT PPD Malang", "Bapenda", "Kota Malang"),
    ("UPT Pelabuhan Perikanan Pantai Mayangan", "UPT PPP Mayangan", "DKP", "Kota Probolinggo"),
    ("UPT Balai Latihan Kerja Singosari", "UPT BLK Singosari", "Disnakertrans", "Kabupaten Malang"),
    ("UPT Pengujian Kendaraan Bermotor Surabaya", "UPT PKB Surabaya", "Dishub", "Kota Surabaya"),
]

BUMD = [
    ("PT Bank Pembangunan Daerah Jawa Timur Tbk", "Bank Jatim"),
    ("PT Penjaminan Kredit Daerah Jawa Timur", "Jamkrida Jatim"),
    ("PT Petrogas Jatim Utama", "PJU"),
    ("PT Jatim Grha Utama", "JGU"),
    ("PT Panca Wira Usaha Jawa Timur", "PWU"),
    ("Perusahaan Umum Daerah Air Minum Delta Tirta Kabupaten Sidoarjo", "Perumda Delta Tirta"),
    ("Perusahaan Umum Daerah Air Minum Surya Sembada Kota Surabaya", "PDAM Surya Sembada"),
]

AGENCY_KINDS = AgencyKind
