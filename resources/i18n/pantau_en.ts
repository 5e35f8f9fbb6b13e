<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="id_ID">
<context>
    <name>AlertLevel</name>
    <message>
        <location filename="../../desktop/report_table_model.py" line="106"/>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <location filename="../../desktop/report_table_model.py" line="107"/>
        <source>Waspada</source>
        <translation>Alert</translation>
    </message>
    <message>
        <location filename="../../desktop/report_table_model.py" line="108"/>
        <source>Siaga</source>
        <translation>Standby</translation>
    </message>
    <message>
        <location filename="../../desktop/report_table_model.py" line="109"/>
        <source>Awas</source>
        <translation>Danger</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../desktop/app.py" line="81"/>
        <source>Terjadi kesalahan</source>
        <translation>Something went wrong</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="82"/>
        <source>Terjadi kesalahan yang tidak terduga. Laporan yang sudah disimpan tetap aman.

Rincian dicatat di: %1</source>
        <translation>An unexpected error occurred. Reports already saved are safe.

Details were written to: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="114"/>
        <source>Pantau sudah terbuka untuk folder data ini:
%1

Gunakan jendela Pantau yang sudah terbuka. Menjalankan dua Pantau pada data yang sama dapat merusak laporan.</source>
        <translation>Pantau is already open for this data folder:
%1

Use the Pantau window that is already open. Running two copies of Pantau on the same data could damage reports.</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="130"/>
        <source>%1

Folder data: %2</source>
        <translation>%1

Data folder: %2</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="149"/>
        <source>Basis data Pantau rusak dan tidak ada cadangan yang dapat dipulihkan.
Hubungi petugas TI. Folder data: %1</source>
        <translation>The Pantau database is damaged and there is no backup to restore.
Please contact IT staff. Data folder: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="153"/>
        <source>Basis data Pantau rusak.

Pulihkan dari cadangan terbaru (%1)? Laporan yang dibuat setelah cadangan itu mungkin hilang; berkas yang rusak disimpan terpisah.</source>
        <translation>The Pantau database is damaged.

Restore the newest backup (%1)? Reports made after that backup may be lost; the damaged file is kept aside.</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="157"/>
        <source>Pulihkan cadangan</source>
        <translation>Restore backup</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="159"/>
        <source>Keluar</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="234"/>
        <source>Cadangan %1 tidak dapat dipulihkan: %2
Basis data sebelumnya tetap dipakai.</source>
        <translation>The backup %1 could not be restored: %2
The previous database stays in use.</translation>
    </message>
    <message>
        <location filename="../../desktop/entry.py" line="40"/>
        <source>Perintah &quot;%1&quot; dijalankan dengan %2 dari Command Prompt, misalnya:

%2 %1</source>
        <translation>The command &quot;%1&quot; is run with %2 from the Command Prompt, for example:

%2 %1</translation>
    </message>
</context>
<context>
    <name>AttachmentsPanel</name>
    <message>
        <location filename="../../desktop/attachments_panel.py" line="63"/>
        <source>+ Tambah foto/dokumen…</source>
        <translation>+ Add photo/document…</translation>
    </message>
    <message>
        <location filename="../../desktop/attachments_panel.py" line="64"/>
        <source>Lepas</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../desktop/attachments_panel.py" line="65"/>
        <source>Lepas berkas yang dipilih dari laporan ini</source>
        <translation>Remove the selected file from this report</translation>
    </message>
    <message>
        <location filename="../../desktop/attachments_panel.py" line="82"/>
        <source>Seret foto atau dokumen ke sini untuk melampirkannya</source>
        <translation>Drag photos or documents here to attach them</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/attachments_panel.py" line="103"/>
        <source>Menyiapkan %n berkas…</source>
        <translation>
            <numerusform>Preparing %n file…</numerusform>
            <numerusform>Preparing %n files…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/attachments_panel.py" line="156"/>
        <source>Lampirkan foto atau dokumen</source>
        <translation>Attach photos or documents</translation>
    </message>
    <message>
        <location filename="../../desktop/attachments_panel.py" line="157"/>
        <source>Foto dan dokumen (*.jpg *.jpeg *.png *.heic *.webp *.pdf *.doc *.docx *.xls *.xlsx *.odt);;Semua berkas (*)</source>
        <translation>Photos and documents (*.jpg *.jpeg *.png *.heic *.webp *.pdf *.doc *.docx *.xls *.xlsx *.odt);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/attachments_panel.py" line="166"/>
        <source>Belum ada lampiran. Seret berkas ke sini atau pakai tombol.</source>
        <translation>No attachments yet. Drag files here or use the button.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/attachments_panel.py" line="169"/>
        <source>%n berkas, %1 untuk dikirim</source>
        <translation>
            <numerusform>%n file, %1 to send</numerusform>
            <numerusform>%n files, %1 to send</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BundleActions</name>
    <message>
        <location filename="../../desktop/bundle_actions.py" line="41"/>
        <source>Flashdisk penuh: bundel tidak tersimpan dan tidak ada yang berubah. Kosongkan sebagian isi flashdisk lalu coba lagi.</source>
        <translation>The flash drive is full: the bundle was not saved and nothing changed. Free some space on the flash drive and try again.</translation>
    </message>
    <message>
        <location filename="../../desktop/bundle_actions.py" line="44"/>
        <source>Berkas %1 tidak dapat ditulis: flashdisk mungkin terkunci atau berkas itu sedang dibuka program lain. Tidak ada yang berubah.</source>
        <translation>The file %1 cannot be written: the flash drive may be locked or the file open in another program. Nothing changed.</translation>
    </message>
    <message>
        <location filename="../../desktop/bundle_actions.py" line="47"/>
        <source>Bundel tidak dapat ditulis ke %1 (flashdisk tercabut?). Tidak ada yang berubah; pasang lagi flashdisk lalu coba lagi.</source>
        <translation>The bundle cannot be written to %1 (flash drive removed?). Nothing changed; plug the flash drive in again and retry.</translation>
    </message>
    <message>
        <location filename="../../desktop/bundle_actions.py" line="49"/>
        <source>Terjadi kesalahan yang tidak terduga; tidak ada yang berubah. Lihat log untuk rinciannya.</source>
        <translation>An unexpected error occurred; nothing changed. See the log for details.</translation>
    </message>
    <message>
        <location filename="../../desktop/bundle_actions.py" line="60"/>
        <source>Kirim lewat flashdisk</source>
        <translation>Send by flash drive</translation>
    </message>
    <message>
        <location filename="../../desktop/bundle_actions.py" line="61"/>
        <source>Bundel Pantau (*.pantau-bundle)</source>
        <translation>Pantau bundle (*.pantau-bundle)</translation>
    </message>
    <message>
        <location filename="../../desktop/bundle_actions.py" line="71"/>
        <source>Bundel %1 disimpan di %2: %3 revisi laporan, %4 lampiran. Bawa ke Bakesbangpol Provinsi Maluku; laporan tetap menunggu sampai tanda terimanya dibaca (Berkas → Baca tanda terima…).</source>
        <translation>Bundle %1 saved to %2: %3 report revisions, %4 attachments. Take it to Bakesbangpol Maluku Province; the reports keep waiting until its receipt is read (File → Read receipt…).</translation>
    </message>
    <message>
        <location filename="../../desktop/bundle_actions.py" line="78"/>
        <source>Bundel tidak dibuat.</source>
        <translation>The bundle was not made.</translation>
    </message>
    <message>
        <location filename="../../desktop/bundle_actions.py" line="86"/>
        <source>Tanda terima bundel %1: %2 laporan diterima provinsi, %3 ditolak, %4 tinjauan baru.</source>
        <translation>Receipt of bundle %1: %2 reports received by the province, %3 refused, %4 new reviews.</translation>
    </message>
    <message>
        <location filename="../../desktop/bundle_actions.py" line="94"/>
        <source>Baca tanda terima</source>
        <translation>Read receipt</translation>
    </message>
    <message>
        <location filename="../../desktop/bundle_actions.py" line="95"/>
        <source>Tanda terima Pantau (*.pantau-receipt *.pantau);;Semua berkas (*)</source>
        <translation>Pantau receipt (*.pantau-receipt *.pantau);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/bundle_actions.py" line="106"/>
        <source>Tanda terima tidak dibaca.</source>
        <translation>The receipt was not read.</translation>
    </message>
</context>
<context>
    <name>FieldEditor</name>
    <message>
        <location filename="../../desktop/fields/choice.py" line="25"/>
        <source>— pilih —</source>
        <translation>— choose —</translation>
    </message>
    <message>
        <location filename="../../desktop/fields/choice.py" line="95"/>
        <source>Ya</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../desktop/fields/coordinates.py" line="37"/>
        <source>Lintang</source>
        <translation>Latitude</translation>
    </message>
    <message>
        <location filename="../../desktop/fields/coordinates.py" line="37"/>
        <source>Bujur</source>
        <translation>Longitude</translation>
    </message>
    <message>
        <location filename="../../desktop/fields/coordinates.py" line="64"/>
        <source>Isi lintang dan bujur sebagai angka desimal, misalnya %1 dan %2</source>
        <translation>Enter latitude and longitude as decimal numbers, e.g. %1 and %2</translation>
    </message>
    <message>
        <location filename="../../desktop/fields/dates.py" line="88"/>
        <source>hh/bb/tttt</source>
        <translation>dd/mm/yyyy</translation>
    </message>
    <message>
        <location filename="../../desktop/fields/dates.py" line="93"/>
        <source>Pilih dari kalender</source>
        <translation>Pick from the calendar</translation>
    </message>
    <message>
        <location filename="../../desktop/fields/dates.py" line="51"/>
        <source>Tanggal tidak dikenali; tulis sebagai hh/bb/tttt, misalnya 14/02/2024</source>
        <translation>Date not recognised; write it as dd/mm/yyyy, e.g. 14/02/2024</translation>
    </message>
    <message>
        <location filename="../../desktop/fields/dates.py" line="54"/>
        <source>Tanggal tidak ada: bulan {month} tidak ada (bulan 1 sampai 12)</source>
        <translation>No such date: there is no month {month} (months 1 to 12)</translation>
    </message>
    <message>
        <location filename="../../desktop/fields/dates.py" line="56"/>
        <source>Tanggal tidak ada: {month:02d}/{year} hanya sampai tanggal {last}</source>
        <translation>No such date: {month:02d}/{year} has only {last} days</translation>
    </message>
    <message>
        <location filename="../../desktop/fields/dates.py" line="167"/>
        <source>jj:mm</source>
        <translation>hh:mm</translation>
    </message>
    <message>
        <location filename="../../desktop/fields/dates.py" line="205"/>
        <source>Tanggal belum diisi</source>
        <translation>The date is missing</translation>
    </message>
    <message>
        <location filename="../../desktop/fields/dates.py" line="208"/>
        <source>Jam belum diisi</source>
        <translation>The time is missing</translation>
    </message>
    <message>
        <location filename="../../desktop/fields/dates.py" line="209"/>
        <source>Jam tidak dikenali; tulis sebagai jj:mm WIT, misalnya 10:30</source>
        <translation>Time not recognised; write it as hh:mm WIT, e.g. 10:30</translation>
    </message>
    <message>
        <location filename="../../desktop/fields/group.py" line="34"/>
        <source>+ Tambah {label}</source>
        <translation>+ Add {label}</translation>
    </message>
    <message>
        <location filename="../../desktop/fields/group.py" line="56"/>
        <source>Hapus baris</source>
        <translation>Remove row</translation>
    </message>
    <message>
        <location filename="../../desktop/fields/region.py" line="30"/>
        <source>— pilih kecamatan —</source>
        <translation>— choose a district —</translation>
    </message>
    <message>
        <location filename="../../desktop/fields/region.py" line="60"/>
        <source>— pilih desa/kelurahan —</source>
        <translation>— choose a village —</translation>
    </message>
    <message>
        <location filename="../../desktop/fields/numbers.py" line="36"/>
        <source>Boleh ditulis 7500000, 7.500.000, 7.500.000,00 atau 7,5 juta</source>
        <translation>May be written 7500000, 7.500.000, 7.500.000,00 or 7,5 juta</translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <location filename="../../desktop/file_actions.py" line="41"/>
        <source>Simpan cadangan</source>
        <translation>Save a backup</translation>
    </message>
    <message>
        <location filename="../../desktop/file_actions.py" line="42"/>
        <location filename="../../desktop/file_actions.py" line="82"/>
        <source>Cadangan Pantau (*.db)</source>
        <translation>Pantau backup (*.db)</translation>
    </message>
    <message>
        <location filename="../../desktop/file_actions.py" line="47"/>
        <source>Cadangan disimpan di %1.</source>
        <translation>Backup saved to %1.</translation>
    </message>
    <message>
        <location filename="../../desktop/file_actions.py" line="48"/>
        <source>Cadangan tidak dapat disimpan.</source>
        <translation>The backup could not be saved.</translation>
    </message>
    <message>
        <location filename="../../desktop/file_actions.py" line="55"/>
        <source>Ekspor semua laporan</source>
        <translation>Export all reports</translation>
    </message>
    <message>
        <location filename="../../desktop/file_actions.py" line="71"/>
        <source>%1 laporan diekspor ke %2.</source>
        <translation>%1 report(s) exported to %2.</translation>
    </message>
    <message>
        <location filename="../../desktop/file_actions.py" line="73"/>
        <source>Ekspor tidak berhasil.</source>
        <translation>The export failed.</translation>
    </message>
    <message>
        <location filename="../../desktop/file_actions.py" line="81"/>
        <location filename="../../desktop/file_actions.py" line="88"/>
        <source>Pulihkan dari cadangan</source>
        <translation>Restore from a backup</translation>
    </message>
    <message>
        <location filename="../../desktop/file_actions.py" line="88"/>
        <source>Semua laporan di komputer ini diganti dengan isi cadangan %1. Basis data sekarang disimpan terpisah, tidak dihapus. Pantau ditutup sebentar lalu dibuka lagi. Lanjutkan?</source>
        <translation>Every report on this PC is replaced by the contents of the backup %1. The current database is kept aside, not deleted. Pantau closes for a moment and opens again. Continue?</translation>
    </message>
    <message>
        <location filename="../../desktop/file_actions.py" line="96"/>
        <source>Berkas itu bukan cadangan Pantau yang utuh.</source>
        <translation>That file is not an intact Pantau backup.</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../desktop/filter_bar.py" line="53"/>
        <source>Semua formulir</source>
        <translation>All forms</translation>
    </message>
    <message>
        <location filename="../../desktop/filter_bar.py" line="58"/>
        <source>Semua status</source>
        <translation>All states</translation>
    </message>
    <message>
        <location filename="../../desktop/filter_bar.py" line="63"/>
        <source>Semua kecamatan</source>
        <translation>All districts</translation>
    </message>
    <message>
        <location filename="../../desktop/filter_bar.py" line="68"/>
        <source>Dari tanggal (kosong: semua)</source>
        <translation>From date (empty: all)</translation>
    </message>
    <message>
        <location filename="../../desktop/filter_bar.py" line="69"/>
        <source>Sampai tanggal (kosong: semua)</source>
        <translation>Until date (empty: all)</translation>
    </message>
    <message>
        <location filename="../../desktop/filter_bar.py" line="72"/>
        <source>Cari laporan… (Ctrl+F)</source>
        <translation>Search reports… (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../desktop/filter_bar.py" line="80"/>
        <location filename="../../desktop/filter_bar.py" line="142"/>
        <source>Perlu perbaikan</source>
        <translation>Needs revision</translation>
    </message>
    <message>
        <location filename="../../desktop/filter_bar.py" line="81"/>
        <source>Tampilkan hanya laporan yang diminta diperbaiki oleh provinsi</source>
        <translation>Show only reports the province asked to revise</translation>
    </message>
    <message>
        <location filename="../../desktop/filter_bar.py" line="94"/>
        <source>Tanggal:</source>
        <translation>Date:</translation>
    </message>
    <message>
        <location filename="../../desktop/filter_bar.py" line="120"/>
        <source>semua</source>
        <translation>all</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../desktop/first_run.py" line="48"/>
        <source>Server provinsi tidak dapat dihubungi. Periksa alamat server dan jaringan, atau lanjutkan tanpa jaringan dan daftar nanti di Pengaturan.</source>
        <translation>The provincial server cannot be reached. Check the server address and the network, or continue offline and enrol later in Settings.</translation>
    </message>
    <message>
        <location filename="../../desktop/first_run.py" line="52"/>
        <source>Kode pendaftaran ditolak server (salah, kedaluwarsa atau sudah dipakai).</source>
        <translation>The server refused the enrolment code (wrong, expired or already used).</translation>
    </message>
    <message>
        <location filename="../../desktop/first_run.py" line="56"/>
        <source>Alamat server tidak benar: harus diawali http:// atau https://</source>
        <translation>The server address is not valid: it must start with http:// or https://</translation>
    </message>
    <message>
        <location filename="../../desktop/first_run.py" line="57"/>
        <source>Pendaftaran gagal: %1</source>
        <translation>Enrolment failed: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/first_run.py" line="67"/>
        <source>Selamat datang di Pantau</source>
        <translation>Welcome to Pantau</translation>
    </message>
    <message>
        <location filename="../../desktop/first_run.py" line="71"/>
        <source>&lt;b&gt;Selamat datang di Pantau.&lt;/b&gt;&lt;br&gt;Pilih kantor Kesbangpol kabupaten/kota tempat komputer ini dipakai. Laporan dapat dibuat tanpa jaringan; pendaftaran ke server provinsi boleh dilakukan sekarang atau nanti.</source>
        <translation>&lt;b&gt;Welcome to Pantau.&lt;/b&gt;&lt;br&gt;Choose the regency/city Kesbangpol office where this PC is used. Reports can be made without a network; enrolling with the provincial server can be done now or later.</translation>
    </message>
    <message>
        <location filename="../../desktop/first_run.py" line="77"/>
        <source>— pilih kabupaten/kota —</source>
        <translation>— choose a regency/city —</translation>
    </message>
    <message>
        <location filename="../../desktop/first_run.py" line="86"/>
        <source>dari petugas Bakesbangpol Provinsi</source>
        <translation>from the provincial Bakesbangpol staff</translation>
    </message>
    <message>
        <location filename="../../desktop/first_run.py" line="88"/>
        <source>kosongkan bila tidak diberi</source>
        <translation>leave empty if none was given</translation>
    </message>
    <message>
        <location filename="../../desktop/first_run.py" line="89"/>
        <source>Daftarkan ke server provinsi (boleh nanti)</source>
        <translation>Enrol with the provincial server (optional, can be done later)</translation>
    </message>
    <message>
        <location filename="../../desktop/first_run.py" line="91"/>
        <source>Alamat server:</source>
        <translation>Server address:</translation>
    </message>
    <message>
        <location filename="../../desktop/first_run.py" line="92"/>
        <source>Kode pendaftaran:</source>
        <translation>Enrolment code:</translation>
    </message>
    <message>
        <location filename="../../desktop/first_run.py" line="93"/>
        <source>Sertifikat CA (opsional):</source>
        <translation>CA certificate (optional):</translation>
    </message>
    <message>
        <location filename="../../desktop/first_run.py" line="100"/>
        <source>Daftarkan dan mulai</source>
        <translation>Enrol and start</translation>
    </message>
    <message>
        <location filename="../../desktop/first_run.py" line="101"/>
        <source>Lanjutkan tanpa jaringan</source>
        <translation>Continue offline</translation>
    </message>
    <message>
        <location filename="../../desktop/first_run.py" line="111"/>
        <source>Kantor (kabupaten/kota):</source>
        <translation>Office (regency/city):</translation>
    </message>
    <message>
        <location filename="../../desktop/first_run.py" line="127"/>
        <source>Pilih dulu kabupaten/kota kantor ini.</source>
        <translation>Choose this office&apos;s regency/city first.</translation>
    </message>
    <message>
        <location filename="../../desktop/first_run.py" line="137"/>
        <source>Sedang memproses…</source>
        <translation>Working…</translation>
    </message>
    <message>
        <location filename="../../desktop/first_run.py" line="159"/>
        <source>Isi alamat server dan kode pendaftaran, atau pilih “Lanjutkan tanpa jaringan”.</source>
        <translation>Enter the server address and the enrolment code, or choose “Continue offline”.</translation>
    </message>
    <message>
        <location filename="../../desktop/first_run.py" line="164"/>
        <source>Berkas sertifikat CA tidak ditemukan.</source>
        <translation>The CA certificate file was not found.</translation>
    </message>
</context>
<context>
    <name>FormChooser</name>
    <message>
        <location filename="../../desktop/main_window.py" line="62"/>
        <source>Laporan baru</source>
        <translation>New report</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="71"/>
        <source>Buat</source>
        <translation>Create</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="72"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="76"/>
        <source>Pilih jenis laporan:</source>
        <translation>Choose the kind of report:</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/main_window.py" line="187"/>
        <source>Laporan baru</source>
        <translation>New report</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="189"/>
        <source>Buka laporan</source>
        <translation>Open report</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="190"/>
        <location filename="../../desktop/main_window.py" line="386"/>
        <location filename="../../desktop/main_window.py" line="414"/>
        <source>Kirim sekarang</source>
        <translation>Send now</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="191"/>
        <source>Kirim laporan yang menunggu ke server provinsi sekarang</source>
        <translation>Send the waiting reports to the provincial server now</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="192"/>
        <source>Rekap bulanan…</source>
        <translation>Monthly recap…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="193"/>
        <source>Pengaturan…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="194"/>
        <source>Cari</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="195"/>
        <source>Tampilkan yang perlu perbaikan</source>
        <translation>Show those needing revision</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="197"/>
        <source>Keluar</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="198"/>
        <location filename="../../desktop/main_window.py" line="374"/>
        <source>Tentang Pantau</source>
        <translation>About Pantau</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="199"/>
        <source>Data kantor…</source>
        <translation>Office details…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="200"/>
        <source>Simpan cadangan…</source>
        <translation>Save a backup…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="201"/>
        <source>Ekspor semua laporan…</source>
        <translation>Export all reports…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="202"/>
        <source>Pulihkan dari cadangan…</source>
        <translation>Restore from a backup…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="203"/>
        <source>Kirim lewat flashdisk…</source>
        <translation>Send by flash drive…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="205"/>
        <source>Baca tanda terima…</source>
        <translation>Read receipt…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="210"/>
        <source>&amp;Berkas</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="218"/>
        <source>&amp;Laporan</source>
        <translation>&amp;Reports</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="220"/>
        <source>&amp;Kirim</source>
        <translation>&amp;Sync</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="222"/>
        <source>B&amp;antuan</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="225"/>
        <source>Alat</source>
        <translation>Tools</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="249"/>
        <source>%1 laporan</source>
        <translation>%1 reports</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="253"/>
        <source>Kata pencarian tidak dapat dipakai. Coba kata lain.</source>
        <translation>That search cannot be used. Try other words.</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="255"/>
        <source>Daftar laporan tidak dapat dimuat. Lihat log untuk rinciannya.</source>
        <translation>The report list could not be loaded. See the log for details.</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="356"/>
        <source>Pilih dulu laporan di daftar.</source>
        <translation>Select a report in the list first.</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="375"/>
        <source>Pantau versi %1 — pelaporan pemantauan situasi politik untuk Kesbangpol kabupaten/kota di Provinsi Maluku.

Laporan disimpan di komputer ini dan dikirim ke Bakesbangpol Provinsi Maluku setiap kali ada jaringan.

Bantuan: admin Pantau di Bakesbangpol Provinsi Maluku, Ambon (bidang yang mengelola server provinsi). Sebutkan versi ini dan folder data:
%2</source>
        <translation>Pantau version %1 — political-situation monitoring reports for the regency and city Kesbangpol offices of Maluku province.

Reports are kept on this PC and sent to the Bakesbangpol of Maluku province whenever there is a network.

Help: the Pantau administrator at the provincial Bakesbangpol in Ambon (the unit that runs the provincial server). Quote this version and the data folder:
%2</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="387"/>
        <source>Komputer ini belum terdaftar di server provinsi. Buka Pengaturan untuk mendaftar.</source>
        <translation>This PC is not enrolled with the provincial server yet. Open Settings to enrol.</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="407"/>
        <source>Pendaftaran ditolak</source>
        <translation>Enrolment refused</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="408"/>
        <source>Server provinsi menolak kunci komputer ini (mungkin dicabut). Laporan tetap aman di komputer ini. Daftarkan ulang sekarang?</source>
        <translation>The provincial server refused this PC&apos;s key (it may have been revoked). Reports stay safe on this PC. Enrol again now?</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="415"/>
        <source>Laporan belum dapat dikirim. Laporan tetap aman dan akan dikirim otomatis saat jaringan tersedia.</source>
        <translation>The reports could not be sent yet. They are safe and will be sent automatically when the network is available.</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="422"/>
        <source>Pengiriman belum berhasil; akan dicoba lagi otomatis.</source>
        <translation>Sending did not succeed yet; it will be retried automatically.</translation>
    </message>
</context>
<context>
    <name>OfficeDialog</name>
    <message>
        <location filename="../../desktop/office_dialog.py" line="41"/>
        <source>Data kantor — Pantau</source>
        <translation>Office details — Pantau</translation>
    </message>
    <message>
        <location filename="../../desktop/office_dialog.py" line="45"/>
        <source>mis. Jl. Abdullah Soulissa No. 1, Masohi</source>
        <translation>e.g. Jl. Abdullah Soulissa No. 1, Masohi</translation>
    </message>
    <message>
        <location filename="../../desktop/office_dialog.py" line="52"/>
        <source>Kepala Badan Kesatuan Bangsa dan Politik</source>
        <translation>Head of the Agency for National Unity and Politics</translation>
    </message>
    <message>
        <location filename="../../desktop/office_dialog.py" line="57"/>
        <source>Pilih gambar…</source>
        <translation>Choose image…</translation>
    </message>
    <message>
        <location filename="../../desktop/office_dialog.py" line="59"/>
        <source>Hapus</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../desktop/office_dialog.py" line="70"/>
        <source>Alamat kantor</source>
        <translation>Office address</translation>
    </message>
    <message>
        <location filename="../../desktop/office_dialog.py" line="71"/>
        <source>Kode pos</source>
        <translation>Postal code</translation>
    </message>
    <message>
        <location filename="../../desktop/office_dialog.py" line="72"/>
        <source>Telepon</source>
        <translation>Telephone</translation>
    </message>
    <message>
        <location filename="../../desktop/office_dialog.py" line="73"/>
        <source>Pos-el (e-mail)</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../desktop/office_dialog.py" line="74"/>
        <source>Lambang daerah</source>
        <translation>Regency emblem</translation>
    </message>
    <message>
        <location filename="../../desktop/office_dialog.py" line="75"/>
        <source>Nama penanda tangan</source>
        <translation>Signatory&apos;s name</translation>
    </message>
    <message>
        <location filename="../../desktop/office_dialog.py" line="76"/>
        <source>Jabatan penanda tangan</source>
        <translation>Signatory&apos;s position</translation>
    </message>
    <message>
        <location filename="../../desktop/office_dialog.py" line="77"/>
        <source>NIP penanda tangan</source>
        <translation>Signatory&apos;s NIP</translation>
    </message>
    <message>
        <location filename="../../desktop/office_dialog.py" line="79"/>
        <source>Simpan</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/office_dialog.py" line="80"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/office_dialog.py" line="84"/>
        <source>Dipakai pada kop surat dan blok tanda tangan laporan cetak dan rekap. Kolom kosong memakai isian bawaan.</source>
        <translation>Used in the letterhead and signature block of printed reports and recaps. An empty field keeps the default.</translation>
    </message>
    <message>
        <location filename="../../desktop/office_dialog.py" line="111"/>
        <source>(tidak ada)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../desktop/office_dialog.py" line="115"/>
        <source>Pilih gambar lambang daerah</source>
        <translation>Choose the regency&apos;s emblem</translation>
    </message>
    <message>
        <location filename="../../desktop/office_dialog.py" line="117"/>
        <source>Gambar (*.png *.jpg *.jpeg *.bmp)</source>
        <translation>Images (*.png *.jpg *.jpeg *.bmp)</translation>
    </message>
    <message>
        <location filename="../../desktop/office_dialog.py" line="122"/>
        <source>Berkas itu bukan gambar yang dapat dibaca. Pilih berkas PNG atau JPG.</source>
        <translation>That file is not a readable image. Choose a PNG or JPG file.</translation>
    </message>
    <message>
        <location filename="../../desktop/office_dialog.py" line="131"/>
        <source>Kode pos terdiri dari 5 angka.</source>
        <translation>A postal code has 5 digits.</translation>
    </message>
    <message>
        <location filename="../../desktop/office_dialog.py" line="133"/>
        <source>Alamat pos-el tidak sah, mis. kesbangpol@malukutengahkab.go.id.</source>
        <translation>Not a valid e-mail address, e.g. kesbangpol@malukutengahkab.go.id.</translation>
    </message>
    <message>
        <location filename="../../desktop/office_dialog.py" line="136"/>
        <source>NIP terdiri dari 18 angka.</source>
        <translation>An NIP has 18 digits.</translation>
    </message>
    <message>
        <location filename="../../desktop/office_dialog.py" line="157"/>
        <source>Data kantor tidak dapat disimpan.</source>
        <translation>The office details could not be saved.</translation>
    </message>
</context>
<context>
    <name>Photos</name>
    <message>
        <location filename="../../desktop/photos.py" line="122"/>
        <source>Foto %1 berformat HEIC (dari ponsel) dan tidak dapat dibaca di komputer ini. Simpan ulang sebagai JPG (di iPhone: Pengaturan › Kamera › Format › Paling Kompatibel, atau kirim lewat WhatsApp), lalu lampirkan lagi.</source>
        <translation>The photo %1 is in HEIC format (from a phone) and cannot be read on this PC. Save it again as JPG (on an iPhone: Settings › Camera › Formats › Most Compatible, or send it through WhatsApp), then attach it again.</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <location filename="../../desktop/printing.py" line="93"/>
        <source>Kode Pos %1</source>
        <translation>Postal code %1</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="94"/>
        <source>Telp. %1</source>
        <translation>Tel. %1</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="95"/>
        <source>Pos-el %1</source>
        <translation>E-mail %1</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="155"/>
        <source>Kepala Badan Kesatuan Bangsa dan Politik</source>
        <translation>Head of the Agency for National Unity and Politics</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="214"/>
        <source>Nomor laporan</source>
        <translation>Report number</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="215"/>
        <source>Revisi</source>
        <translation>Revision</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="216"/>
        <source>Tanggal laporan</source>
        <translation>Report date</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="217"/>
        <source>Dibuat</source>
        <translation>Created</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="324"/>
        <source>Halaman tidak dapat ditulis: berkas atau printer tujuan tidak dapat dibuka.</source>
        <translation>The pages could not be written: the target file or printer cannot be opened.</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="349"/>
        <source>Halaman %1 dari %2</source>
        <translation>Page %1 of %2</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="398"/>
        <source>Berkas %1 sedang dibuka di program lain (misalnya pembaca PDF). Tutup berkas itu lalu simpan lagi, atau simpan dengan nama lain.</source>
        <translation>The file %1 is open in another program (a PDF reader, for example). Close it and save again, or save under another name.</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="402"/>
        <source>Pantau tidak diizinkan menyimpan di folder %1. Pilih folder lain. Bila folder ini dilindungi &quot;Akses folder terkendali&quot; (Keamanan Windows), minta petugas TI mengizinkan Pantau.</source>
        <translation>Pantau may not save in the folder %1. Choose another folder. If the folder is protected by &quot;Controlled folder access&quot; (Windows Security), ask IT to allow Pantau.</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="406"/>
        <source>PDF tidak dapat disimpan ke %1 (%2). Periksa ruang disk atau pilih folder lain.</source>
        <translation>The PDF could not be saved to %1 (%2). Check the disk space or choose another folder.</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="439"/>
        <location filename="../../desktop/printing.py" line="446"/>
        <source>Cetak laporan</source>
        <translation>Print report</translation>
    </message>
</context>
<context>
    <name>Recap</name>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="75"/>
        <location filename="../../desktop/recap_dialog.py" line="80"/>
        <location filename="../../desktop/recap_dialog.py" line="92"/>
        <location filename="../../desktop/recap_dialog.py" line="93"/>
        <location filename="../../desktop/recap_dialog.py" line="94"/>
        <source>Jumlah</source>
        <translation>Count</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="76"/>
        <source>Di antaranya mendesak (siaga/awas)</source>
        <translation>Of which urgent (standby/danger)</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="82"/>
        <source>Kegiatan</source>
        <translation>Activities</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="83"/>
        <source>Peserta laki-laki</source>
        <translation>Male participants</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="84"/>
        <source>Peserta perempuan</source>
        <translation>Female participants</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="85"/>
        <source>Jumlah peserta</source>
        <translation>Total participants</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="92"/>
        <source>Laporan per jenis</source>
        <translation>Reports by kind</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="92"/>
        <source>Jenis laporan</source>
        <translation>Kind of report</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="93"/>
        <source>Peringatan dini per kecamatan dan tingkat</source>
        <translation>Early warnings by district and level</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="93"/>
        <location filename="../../desktop/recap_dialog.py" line="169"/>
        <source>Kecamatan</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="94"/>
        <source>Pendidikan politik</source>
        <translation>Political education</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="94"/>
        <source>Uraian</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="95"/>
        <source>Dana cadangan Pilkada</source>
        <translation>Pilkada reserve fund</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="95"/>
        <source>Tanggal laporan</source>
        <translation>Report date</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="95"/>
        <source>Tahun anggaran</source>
        <translation>Fiscal year</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="95"/>
        <source>Jumlah tahun ini (Rp)</source>
        <translation>This year&apos;s amount (Rp)</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="96"/>
        <source>Akumulasi (Rp)</source>
        <translation>Accumulated (Rp)</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="96"/>
        <source>Disalurkan (Rp)</source>
        <translation>Transferred (Rp)</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="96"/>
        <source>Status realisasi</source>
        <translation>Realisation status</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="97"/>
        <source>Tindak lanjut rapat Forkopimda</source>
        <translation>Forkopimda meeting follow-ups</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="97"/>
        <source>Tanggal rapat</source>
        <translation>Meeting date</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="97"/>
        <source>Tindakan</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="97"/>
        <source>Penanggung jawab</source>
        <translation>Responsible</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="98"/>
        <source>Batas waktu</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="98"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>RecapDialog</name>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="230"/>
        <source>Rekap bulanan — Pantau</source>
        <translation>Monthly recap — Pantau</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="243"/>
        <source>Simpan PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="244"/>
        <source>Simpan Excel…</source>
        <translation>Save Excel…</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="245"/>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="252"/>
        <source>Bulan:</source>
        <translation>Month:</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="278"/>
        <source>Rekap tidak dapat dibuat.</source>
        <translation>The recap could not be made.</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="293"/>
        <source>Dokumen PDF (*.pdf)</source>
        <translation>PDF documents (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="293"/>
        <source>Buku kerja Excel (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="294"/>
        <source>Simpan rekap</source>
        <translation>Save recap</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="308"/>
        <source>Disimpan: %1</source>
        <translation>Saved: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/recap_dialog.py" line="312"/>
        <source>Rekap tidak dapat disimpan.</source>
        <translation>The recap could not be saved.</translation>
    </message>
</context>
<context>
    <name>ReportDetailDialog</name>
    <message>
        <location filename="../../desktop/report_detail.py" line="97"/>
        <source>Rincian laporan — Pantau</source>
        <translation>Report details — Pantau</translation>
    </message>
    <message>
        <location filename="../../desktop/report_detail.py" line="118"/>
        <location filename="../../desktop/report_detail.py" line="192"/>
        <source>Lanjutkan draf</source>
        <translation>Continue draft</translation>
    </message>
    <message>
        <location filename="../../desktop/report_detail.py" line="119"/>
        <source>Ubah (revisi baru)</source>
        <translation>Amend (new revision)</translation>
    </message>
    <message>
        <location filename="../../desktop/report_detail.py" line="120"/>
        <source>Tarik laporan…</source>
        <translation>Withdraw report…</translation>
    </message>
    <message>
        <location filename="../../desktop/report_detail.py" line="121"/>
        <source>Simpan PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <location filename="../../desktop/report_detail.py" line="122"/>
        <source>Cetak…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../desktop/report_detail.py" line="123"/>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../desktop/report_detail.py" line="165"/>
        <source>Laporan tidak dapat dibuka.</source>
        <translation>The report could not be opened.</translation>
    </message>
    <message>
        <location filename="../../desktop/report_detail.py" line="192"/>
        <source>Lanjutkan perubahan</source>
        <translation>Continue amendment</translation>
    </message>
    <message>
        <location filename="../../desktop/report_detail.py" line="201"/>
        <source>Revisi %1 — draf, belum dikirim
%2</source>
        <translation>Revision %1 — draft, not sent
%2</translation>
    </message>
    <message>
        <location filename="../../desktop/report_detail.py" line="202"/>
        <source>ditarik</source>
        <translation>withdrawn</translation>
    </message>
    <message>
        <location filename="../../desktop/report_detail.py" line="202"/>
        <source>dikirim</source>
        <translation>submitted</translation>
    </message>
    <message>
        <location filename="../../desktop/report_detail.py" line="203"/>
        <source>diterima provinsi %1</source>
        <translation>received by the province %1</translation>
    </message>
    <message>
        <location filename="../../desktop/report_detail.py" line="204"/>
        <source>belum diterima provinsi</source>
        <translation>not yet received by the province</translation>
    </message>
    <message>
        <location filename="../../desktop/report_detail.py" line="205"/>
        <source>Revisi %1 — %2 %3
%4</source>
        <translation>Revision %1 — %2 %3
%4</translation>
    </message>
    <message>
        <location filename="../../desktop/report_detail.py" line="208"/>
        <source>
semula revisi %1: server menyimpan isi lain dengan nomor itu, jadi dikirim ulang dengan nomor ini</source>
        <translation>
formerly revision %1: the server holds other content under that number, so it was resent under this one</translation>
    </message>
    <message>
        <location filename="../../desktop/report_detail.py" line="215"/>
        <source>&lt;b&gt;Provinsi meminta perbaikan:&lt;/b&gt; %1&lt;br/&gt;Pakai &lt;i&gt;Ubah (revisi baru)&lt;/i&gt; untuk memperbaiki dan mengirim ulang.</source>
        <translation>&lt;b&gt;The province asks for a revision:&lt;/b&gt; %1&lt;br/&gt;Use &lt;i&gt;Amend (new revision)&lt;/i&gt; to correct and send it again.</translation>
    </message>
    <message>
        <location filename="../../desktop/report_detail.py" line="219"/>
        <source>&lt;b&gt;Ditolak oleh server provinsi:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Rejected by the provincial server:&lt;/b&gt; %1</translation>
    </message>
    <message>
        <location filename="../../desktop/report_detail.py" line="241"/>
        <source>Terverifikasi</source>
        <translation>Verified</translation>
    </message>
    <message>
        <location filename="../../desktop/report_detail.py" line="241"/>
        <source>Perlu perbaikan</source>
        <translation>Needs revision</translation>
    </message>
    <message>
        <location filename="../../desktop/report_detail.py" line="306"/>
        <source>Laporan tidak dapat ditarik.</source>
        <translation>The report could not be withdrawn.</translation>
    </message>
    <message>
        <location filename="../../desktop/report_detail.py" line="312"/>
        <source>Simpan sebagai PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <location filename="../../desktop/report_detail.py" line="313"/>
        <source>Dokumen PDF (*.pdf)</source>
        <translation>PDF documents (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../desktop/report_detail.py" line="324"/>
        <source>PDF disimpan: %1</source>
        <translation>PDF saved: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/report_detail.py" line="328"/>
        <source>PDF tidak dapat disimpan.</source>
        <translation>The PDF could not be saved.</translation>
    </message>
</context>
<context>
    <name>ReportEditor</name>
    <message>
        <location filename="../../desktop/report_editor.py" line="138"/>
        <source>Berkas ini tidak dapat dilampirkan: %1</source>
        <translation>This file cannot be attached: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/report_editor.py" line="143"/>
        <source>Lampiran tidak dapat disimpan.</source>
        <translation>The attachment could not be saved.</translation>
    </message>
    <message>
        <location filename="../../desktop/report_editor.py" line="180"/>
        <source>Laporan baru</source>
        <translation>New report</translation>
    </message>
    <message>
        <location filename="../../desktop/report_editor.py" line="180"/>
        <source>Laporan</source>
        <translation>Report</translation>
    </message>
    <message>
        <location filename="../../desktop/report_editor.py" line="210"/>
        <source>Mulai isi</source>
        <translation>Start filling in</translation>
    </message>
    <message>
        <location filename="../../desktop/report_editor.py" line="215"/>
        <source>Jenis laporan:</source>
        <translation>Kind of report:</translation>
    </message>
    <message>
        <location filename="../../desktop/report_editor.py" line="231"/>
        <source>Simpan draf</source>
        <translation>Save draft</translation>
    </message>
    <message>
        <location filename="../../desktop/report_editor.py" line="232"/>
        <source>Simpan draf (Ctrl+S). Draf juga tersimpan otomatis.</source>
        <translation>Save draft (Ctrl+S). Drafts are also saved automatically.</translation>
    </message>
    <message>
        <location filename="../../desktop/report_editor.py" line="233"/>
        <source>Kirim</source>
        <translation>Submit</translation>
    </message>
    <message>
        <location filename="../../desktop/report_editor.py" line="234"/>
        <source>Periksa dan kirim ke provinsi (Ctrl+Enter)</source>
        <translation>Check and submit to the province (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../desktop/report_editor.py" line="235"/>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../desktop/report_editor.py" line="272"/>
        <source>Memuat laporan…</source>
        <translation>Loading report…</translation>
    </message>
    <message>
        <location filename="../../desktop/report_editor.py" line="291"/>
        <location filename="../../desktop/report_editor.py" line="292"/>
        <source>Laporan tidak dapat dibuka.</source>
        <translation>The report could not be opened.</translation>
    </message>
    <message>
        <location filename="../../desktop/report_editor.py" line="307"/>
        <source>Perubahan atas laporan yang sudah dikirim; disimpan sebagai revisi baru.</source>
        <translation>Changes to a report already submitted; saved as a new revision.</translation>
    </message>
    <message>
        <location filename="../../desktop/report_editor.py" line="310"/>
        <source>Kirim perubahan</source>
        <translation>Submit changes</translation>
    </message>
    <message>
        <location filename="../../desktop/report_editor.py" line="317"/>
        <source>Kolom bertanda * wajib diisi.</source>
        <translation>Fields marked * are required.</translation>
    </message>
    <message>
        <location filename="../../desktop/report_editor.py" line="319"/>
        <source>Laporan ini sudah dikirim dan tidak dapat diubah di sini; pakai Ubah pada rincian laporan untuk membuat perubahan.</source>
        <translation>This report was already submitted and cannot be edited here; use Amend in the report details to make changes.</translation>
    </message>
    <message>
        <location filename="../../desktop/report_editor.py" line="329"/>
        <source>Provinsi meminta perbaikan</source>
        <translation>The province asks for a revision</translation>
    </message>
    <message>
        <location filename="../../desktop/report_editor.py" line="330"/>
        <source>Tanggapan provinsi</source>
        <translation>The province&apos;s review</translation>
    </message>
    <message>
        <location filename="../../desktop/report_editor.py" line="343"/>
        <source>Belum tersimpan…</source>
        <translation>Not saved yet…</translation>
    </message>
    <message>
        <location filename="../../desktop/report_editor.py" line="402"/>
        <source>Draf tersimpan pukul %1</source>
        <translation>Draft saved at %1</translation>
    </message>
    <message>
        <location filename="../../desktop/report_editor.py" line="421"/>
        <source>Draf GAGAL disimpan. Jangan tutup jendela ini; coba Simpan lagi.</source>
        <translation>The draft could NOT be saved. Do not close this window; try Save again.</translation>
    </message>
    <message>
        <location filename="../../desktop/report_editor.py" line="422"/>
        <source>Draf tidak dapat disimpan.</source>
        <translation>The draft could not be saved.</translation>
    </message>
    <message>
        <location filename="../../desktop/report_editor.py" line="449"/>
        <source>Mengirim ke antrean…</source>
        <translation>Queuing for sending…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/report_editor.py" line="469"/>
        <source>%n isian perlu diperbaiki sebelum dikirim.</source>
        <translation>
            <numerusform>%n field needs correcting before submitting.</numerusform>
            <numerusform>%n fields need correcting before submitting.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/report_editor.py" line="490"/>
        <source>Laporan belum terkirim ke antrean.</source>
        <translation>The report was not queued for sending.</translation>
    </message>
    <message>
        <location filename="../../desktop/report_editor.py" line="491"/>
        <source>Laporan tidak dapat dikirim.</source>
        <translation>The report could not be submitted.</translation>
    </message>
    <message>
        <location filename="../../desktop/report_editor.py" line="505"/>
        <source>Menyimpan sebelum menutup…</source>
        <translation>Saving before closing…</translation>
    </message>
</context>
<context>
    <name>ReportState</name>
    <message>
        <location filename="../../desktop/report_table_model.py" line="82"/>
        <source>Sedang dikirim</source>
        <translation>Sending</translation>
    </message>
    <message>
        <location filename="../../desktop/report_table_model.py" line="84"/>
        <source>Dikirim lewat flashdisk (bundel %1)</source>
        <translation>Sent by flash drive (bundle %1)</translation>
    </message>
    <message>
        <location filename="../../desktop/report_table_model.py" line="87"/>
        <source>Bentrok — dikirim ulang sebagai revisi %1</source>
        <translation>Conflict — resent as revision %1</translation>
    </message>
    <message>
        <location filename="../../desktop/report_table_model.py" line="91"/>
        <source>Draf</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location filename="../../desktop/report_table_model.py" line="92"/>
        <source>Menunggu dikirim</source>
        <translation>Waiting to send</translation>
    </message>
    <message>
        <location filename="../../desktop/report_table_model.py" line="93"/>
        <source>Terkirim</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <location filename="../../desktop/report_table_model.py" line="94"/>
        <source>Terverifikasi</source>
        <translation>Verified</translation>
    </message>
    <message>
        <location filename="../../desktop/report_table_model.py" line="95"/>
        <source>Perlu perbaikan</source>
        <translation>Needs revision</translation>
    </message>
    <message>
        <location filename="../../desktop/report_table_model.py" line="96"/>
        <source>Ditolak</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../desktop/report_table_model.py" line="97"/>
        <source>Bentrok</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <location filename="../../desktop/report_table_model.py" line="98"/>
        <source>Dikirim lewat flashdisk</source>
        <translation>Sent by flash drive</translation>
    </message>
    <message>
        <location filename="../../desktop/report_table_model.py" line="99"/>
        <source>Ditarik</source>
        <translation>Withdrawn</translation>
    </message>
</context>
<context>
    <name>ReportTableModel</name>
    <message>
        <location filename="../../desktop/report_table_model.py" line="272"/>
        <source>Tanggal</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../desktop/report_table_model.py" line="272"/>
        <source>Formulir</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../desktop/report_table_model.py" line="272"/>
        <source>Judul / ringkasan</source>
        <translation>Title / summary</translation>
    </message>
    <message>
        <location filename="../../desktop/report_table_model.py" line="273"/>
        <source>Kecamatan</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../desktop/report_table_model.py" line="273"/>
        <source>Tingkat</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../desktop/report_table_model.py" line="273"/>
        <source>Status</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../desktop/report_table_model.py" line="296"/>
        <source>Memuat…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../desktop/report_table_model.py" line="347"/>
        <source>Ditolak server: %1</source>
        <translation>Rejected by the server: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/report_table_model.py" line="349"/>
        <source>Catatan provinsi: %1</source>
        <translation>Province&apos;s note: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/report_table_model.py" line="352"/>
        <source>Server sudah menyimpan isi lain dengan nomor revisi ini; perubahan dikirim ulang sebagai revisi %1, tidak ada yang hilang.</source>
        <translation>The server already holds other content under this revision number; the change is resent as revision %1, nothing is lost.</translation>
    </message>
    <message>
        <location filename="../../desktop/report_table_model.py" line="355"/>
        <source>Dibawa ke provinsi dalam bundel flashdisk; tetap menunggu sampai tanda terimanya dibaca atau sinkronisasi berikut mengonfirmasinya.</source>
        <translation>Carried to the province in a flash-drive bundle; it keeps waiting until its receipt is read or the next sync confirms it.</translation>
    </message>
    <message>
        <location filename="../../desktop/report_table_model.py" line="359"/>
        <source>Peringatan dini mendesak: dikirim lebih dulu</source>
        <translation>Urgent early warning: sent first</translation>
    </message>
</context>
<context>
    <name>ReviewNotice</name>
    <message>
        <location filename="../../desktop/review_notice.py" line="19"/>
        <source>Provinsi meminta perbaikan</source>
        <translation>The province asks for a revision</translation>
    </message>
    <message>
        <location filename="../../desktop/review_notice.py" line="21"/>
        <source>Provinsi memverifikasi laporan</source>
        <translation>The province verified a report</translation>
    </message>
    <message>
        <location filename="../../desktop/review_notice.py" line="23"/>
        <source>Provinsi menanggapi %1 laporan</source>
        <translation>The province reviewed %1 reports</translation>
    </message>
    <message>
        <location filename="../../desktop/review_notice.py" line="38"/>
        <source>Lihat</source>
        <translation>View</translation>
    </message>
    <message>
        <location filename="../../desktop/review_notice.py" line="40"/>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="77"/>
        <source>Pengaturan</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="82"/>
        <source>kosong: sertifikat bawaan sistem</source>
        <translation>empty: the system&apos;s certificates</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="83"/>
        <source>Pilih…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="90"/>
        <source> menit</source>
        <translation> minutes</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="91"/>
        <source>Server provinsi</source>
        <translation>Provincial server</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="93"/>
        <source>Alamat server:</source>
        <translation>Server address:</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="94"/>
        <source>Sertifikat CA:</source>
        <translation>CA certificate:</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="95"/>
        <source>Kirim otomatis setiap:</source>
        <translation>Send automatically every:</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="98"/>
        <source>kode pendaftaran baru dari provinsi</source>
        <translation>new enrolment code from the province</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="163"/>
        <location filename="../../desktop/settings_dialog.py" line="247"/>
        <source>Daftarkan ulang</source>
        <translation>Enrol again</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="108"/>
        <source>Pendaftaran:</source>
        <translation>Enrolment:</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="99"/>
        <location filename="../../desktop/settings_dialog.py" line="163"/>
        <source>Daftarkan</source>
        <translation>Enrol</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="101"/>
        <source>Dari berkas…</source>
        <translation>From a file…</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="102"/>
        <source>Daftar tanpa jaringan dengan berkas pendaftaran dari provinsi</source>
        <translation>Enrol without a network, with an enrolment slip from the province</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="116"/>
        <source>Foto yang dikirim</source>
        <translation>Photos to send</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="118"/>
        <source>Sisi terpanjang:</source>
        <translation>Longest side:</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="119"/>
        <source>Kualitas JPEG:</source>
        <translation>JPEG quality:</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="120"/>
        <source>Foto asli tetap disimpan di komputer ini. Ukuran kecil lebih cepat terkirim lewat jaringan lambat.</source>
        <translation>The original photos stay on this PC. Smaller sizes are sent faster over slow networks.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="130"/>
        <source>Bahasa</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="132"/>
        <source>Bahasa tampilan:</source>
        <translation>Interface language:</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="133"/>
        <source>Berlaku setelah Pantau dibuka ulang.</source>
        <translation>Takes effect when Pantau is reopened.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="176"/>
        <source>Pilih sertifikat CA</source>
        <translation>Choose a CA certificate</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="177"/>
        <source>Sertifikat (*.pem *.crt *.cer);;Semua berkas (*)</source>
        <translation>Certificates (*.pem *.crt *.cer);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="185"/>
        <source>Alamat server harus diawali http:// atau https://</source>
        <translation>The server address must start with http:// or https://</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="189"/>
        <source>Berkas sertifikat CA tidak ditemukan.</source>
        <translation>The CA certificate file was not found.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="217"/>
        <source>Isi alamat server dan kode pendaftaran.</source>
        <translation>Enter the server address and the enrolment code.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="228"/>
        <source>Mendaftarkan…</source>
        <translation>Enrolling…</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="232"/>
        <source>Berkas pendaftaran</source>
        <translation>Enrolment slip</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="233"/>
        <source>Berkas pendaftaran Pantau (*.pantau-slip);;Semua berkas (*)</source>
        <translation>Pantau enrolment slip (*.pantau-slip);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="250"/>
        <source>Komputer ini berhasil didaftarkan. Laporan akan dikirim otomatis.</source>
        <translation>This PC is now enrolled. Reports will be sent automatically.</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <location filename="../../desktop/status_bar.py" line="39"/>
        <source>Pengiriman diblokir — periksa antivirus</source>
        <translation>Sending blocked — check the antivirus</translation>
    </message>
    <message>
        <location filename="../../desktop/status_bar.py" line="41"/>
        <source>Program pengirim Pantau tidak dapat berjalan di komputer ini. Minta petugas TI mengecualikan folder program Pantau di antivirus atau AppLocker. Laporan tetap aman dan akan dikirim setelah itu.</source>
        <translation>Pantau&apos;s sending program cannot run on this PC. Ask IT to exclude Pantau&apos;s program folder in the antivirus or AppLocker. Reports stay safe and are sent after that.</translation>
    </message>
    <message>
        <location filename="../../desktop/status_bar.py" line="46"/>
        <source>Atur tanggal, jam dan zona waktu (UTC+09:00, WIT) di pengaturan Tanggal &amp; waktu Windows. Dengan jam yang salah, waktu pada laporan ikut bergeser.</source>
        <translation>Set the date, time and time zone (UTC+09:00, WIT) in Windows&apos; Date &amp; time settings. With a wrong clock, the times in reports shift too.</translation>
    </message>
    <message>
        <location filename="../../desktop/status_bar.py" line="68"/>
        <source>Menunggu dikirim: …</source>
        <translation>Waiting to send: …</translation>
    </message>
    <message>
        <location filename="../../desktop/status_bar.py" line="78"/>
        <source>Belum terdaftar di server provinsi</source>
        <translation>Not enrolled with the provincial server</translation>
    </message>
    <message>
        <location filename="../../desktop/status_bar.py" line="80"/>
        <source>Memeriksa koneksi…</source>
        <translation>Checking the connection…</translation>
    </message>
    <message>
        <location filename="../../desktop/status_bar.py" line="82"/>
        <source>Terhubung</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../desktop/status_bar.py" line="84"/>
        <source>Server tidak menjawab</source>
        <translation>Server not answering</translation>
    </message>
    <message>
        <location filename="../../desktop/status_bar.py" line="86"/>
        <source>Tidak terhubung</source>
        <translation>Not connected</translation>
    </message>
    <message>
        <location filename="../../desktop/status_bar.py" line="99"/>
        <source>Jam komputer %1 lebih lambat dari server provinsi — periksa jam dan zona waktu</source>
        <translation>The PC clock is %1 behind the provincial server — check the clock and time zone</translation>
    </message>
    <message>
        <location filename="../../desktop/status_bar.py" line="101"/>
        <source>Jam komputer %1 lebih cepat dari server provinsi — periksa jam dan zona waktu</source>
        <translation>The PC clock is %1 ahead of the provincial server — check the clock and time zone</translation>
    </message>
    <message>
        <location filename="../../desktop/status_bar.py" line="107"/>
        <source>Menunggu dikirim: %1 (%2 mendesak)</source>
        <translation>Waiting to send: %1 (%2 urgent)</translation>
    </message>
    <message>
        <location filename="../../desktop/status_bar.py" line="110"/>
        <source>Menunggu dikirim: %1</source>
        <translation>Waiting to send: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/status_bar.py" line="112"/>
        <source>Ditolak: %1</source>
        <translation>Rejected: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/status_bar.py" line="116"/>
        <source>Terakhir terkirim: %1</source>
        <translation>Last sent: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/status_bar.py" line="118"/>
        <source>Belum pernah terkirim</source>
        <translation>Never sent yet</translation>
    </message>
    <message>
        <location filename="../../desktop/status_bar.py" line="124"/>
        <source>Mengirim %v dari %m</source>
        <translation>Sending %v of %m</translation>
    </message>
    <message>
        <location filename="../../desktop/status_bar.py" line="124"/>
        <source>Menyiapkan…</source>
        <translation>Preparing…</translation>
    </message>
</context>
<context>
    <name>WithdrawDialog</name>
    <message>
        <location filename="../../desktop/report_detail.py" line="66"/>
        <location filename="../../desktop/report_detail.py" line="74"/>
        <source>Tarik laporan</source>
        <translation>Withdraw report</translation>
    </message>
    <message>
        <location filename="../../desktop/report_detail.py" line="68"/>
        <source>Laporan yang ditarik tetap tersimpan dan provinsi diberi tahu. Tulis alasannya:</source>
        <translation>A withdrawn report stays on record and the province is told. Write the reason:</translation>
    </message>
    <message>
        <location filename="../../desktop/report_detail.py" line="72"/>
        <source>Misalnya: laporan ganda, sudah dilaporkan dengan nomor lain</source>
        <translation>For example: duplicate report, already reported under another number</translation>
    </message>
</context>
</TS>
