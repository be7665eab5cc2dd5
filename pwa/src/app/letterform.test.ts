import { describe, expect, it } from "vitest";
import { emptyValues, toPayload, validateFields, type LetterTypeSpec } from "./letterform";

const spec: LetterTypeSpec = {
  code: "usaha",
  title: "Surat Keterangan Usaha",
  fields: [
    { name: "nama_usaha", label: "Nama usaha", kind: "text", required: true, max_length: 10 },
    { name: "nik_ayah", label: "NIK ayah", kind: "text", required: false, pattern: "^\\d{16}$" },
    { name: "mulai", label: "Mulai usaha", kind: "date", required: false },
    { name: "karyawan", label: "Jumlah karyawan", kind: "number", required: false, min_value: 0, max_value: 100 },
    { name: "agama", label: "Agama", kind: "choice", required: false, choices: ["Islam", "Kristen"] },
  ],
};

describe("letter forms", () => {
  it("starts empty and asks for required fields", () => {
    expect(validateFields(spec, emptyValues(spec))).toEqual({ nama_usaha: "Nama usaha wajib diisi." });
  });
  it("checks each kind of field", () => {
    const errors = validateFields(spec, {
      nama_usaha: "Warung Bu Siti Jaya",
      nik_ayah: "123",
      mulai: "kemarin",
      karyawan: "101",
      agama: "Lainnya",
    });
    expect(Object.keys(errors).sort()).toEqual(["agama", "karyawan", "mulai", "nama_usaha", "nik_ayah"]);
  });
  it("sends numbers as numbers and leaves empty optional fields out", () => {
    expect(toPayload(spec, { nama_usaha: " Warung ", karyawan: "3", nik_ayah: "" })).toEqual({
      nama_usaha: "Warung",
      karyawan: 3,
    });
  });
});
