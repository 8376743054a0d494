package taxid

// The data table: one row per tax ID type Stripe accepts in
// POST /v1/customers/{customer}/tax_ids (spec 2026-08-26.dahlia, 117 types),
// with Stripe's country, label and documented example (shared/docs/
// stripe-tables.md §2.1).
//
// pattern is matched, anchored, against the compact form of a value: upper
// case, with spaces, tabs, '.', '-' and '/' removed (see compact). So
// "12.345.678-K", "12345678-K" and "12345678k" are all the same cl_tin. Patterns
// come from the label, the example and the well-known national format; where
// those disagree or the national format is unclear the pattern is permissive
// and the row says so in a "permissive:" comment. A pattern only rejects values
// that are clearly malformed: wrong length class, letters where digits must be,
// a missing prefix. It never looks at check digits (several of Stripe's own
// examples fail theirs); CheckDigitsValid does that separately.
//
// format completes "expected <format> like <example>" in Check's error.
var table = []entry{
	{"ad_nrt", "AD", "Andorran NRT number", "A-123456-Z", `[A-Z]\d{6}[A-Z]`, "a letter, 6 digits and a letter", nil, false},
	{"ae_trn", "AE", "United Arab Emirates TRN", "123456789012345", `\d{15}`, "15 digits", nil, false},
	{"al_tin", "AL", "Albania Tax Identification Number", "J12345678N", `[A-Z]\d{8}[A-Z]`, "a letter, 8 digits and a letter", nil, false},
	{"am_tin", "AM", "Armenia Tax Identification Number", "02538904", `\d{8}`, "8 digits", nil, false},
	// permissive: companies have a 10-digit NIF; individuals use their
	// identity card number (9 digits, 2 letters, 3 digits).
	{"ao_tin", "AO", "Angola Tax Identification Number", "5123456789", `\d{10}|\d{9}[A-Z]{2}\d{3}`, "10 digits", nil, false},
	{"ar_cuit", "AR", "Argentinian tax ID number", "12-3456789-01", `\d{11}`, "11 digits", checkCUIT, false},
	{"au_abn", "AU", "Australian Business Number (AU ABN)", "12345678912", `\d{11}`, "11 digits", checkABN, true},
	{"au_arn", "AU", "Australian Taxation Office Reference Number", "123456789123", `\d{12}`, "12 digits", nil, false},
	{"aw_tin", "AW", "Aruba Tax Identification Number", "12345678", `\d{8}`, "8 digits", nil, false},
	{"az_tin", "AZ", "Azerbaijan Tax Identification Number", "0123456789", `\d{10}`, "10 digits", nil, false},
	// permissive: the VAT (PDV) number has 12 digits, the company JIB 13.
	{"ba_tin", "BA", "Bosnia and Herzegovina Tax Identification Number", "123456789012", `\d{12,13}`, "12 digits", nil, false},
	{"bb_tin", "BB", "Barbados Tax Identification Number", "1123456789012", `\d{13}`, "13 digits", nil, false},
	// permissive: a 9-digit BIN, or 9 digits and a 4-digit branch code.
	{"bd_bin", "BD", "Bangladesh Business Identification Number", "123456789-0123", `\d{9}|\d{13}`, "9 digits and a 4-digit branch code", nil, false},
	{"bf_ifu", "BF", "Burkina Faso Tax Identification Number (Numéro d'Identifiant Fiscal Unique)", "12345678A", `\d{8}[A-Z]`, "8 digits and a letter", nil, false},
	// BULSTAT: 9 digits, 13 for branches.
	{"bg_uic", "BG", "Bulgaria Unified Identification Code", "123456789", `\d{9}|\d{13}`, "9 or 13 digits", checkBULSTAT, false},
	{"bh_vat", "BH", "Bahraini VAT Number", "123456789012345", `\d{15}`, "15 digits", nil, false},
	{"bj_ifu", "BJ", "Benin Tax Identification Number (Identifiant Fiscal Unique)", "1234567890123", `\d{13}`, "13 digits", nil, false},
	// permissive: Bolivian NITs have no fixed length.
	{"bo_tin", "BO", "Bolivian tax ID", "123456789", `\d{7,12}`, "7-12 digits", nil, false},
	// 12 base characters and 2 check digits; the base may hold letters since
	// the alphanumeric CNPJ (July 2026).
	{"br_cnpj", "BR", "Brazilian CNPJ number", "01.234.456/5432-10", `[0-9A-Z]{12}\d{2}`, "14 characters", checkCNPJ, false},
	{"br_cpf", "BR", "Brazilian CPF number", "123.456.789-87", `\d{11}`, "11 digits", checkCPF, false},
	{"bs_tin", "BS", "Bahamas Tax Identification Number", "123.456.789", `\d{9}`, "9 digits", nil, false},
	// UNP: 9 digits; individuals' numbers start with 2 letters.
	{"by_tin", "BY", "Belarus TIN Number", "123456789", `(?:\d{2}|[A-Z]{2})\d{7}`, "9 digits", checkUNP, false},
	{"ca_bn", "CA", "Canadian BN", "123456789", `\d{9}`, "9 digits", checkCABN, false},
	{"ca_gst_hst", "CA", "Canadian GST/HST number", "123456789RT0002", `\d{9}RT\d{4}`, "9 digits, RT and 4 digits", checkCABN, false},
	{"ca_pst_bc", "CA", "Canadian PST number (British Columbia)", "PST-1234-5678", `PST\d{8}`, "PST and 8 digits", nil, false},
	{"ca_pst_mb", "CA", "Canadian PST number (Manitoba)", "123456-7", `\d{7}`, "7 digits", nil, false},
	{"ca_pst_sk", "CA", "Canadian PST number (Saskatchewan)", "1234567", `\d{7}`, "7 digits", nil, false},
	// permissive: also NR and 8 digits (non-residents under the simplified
	// regime).
	{"ca_qst", "CA", "Canadian QST number (Québec)", "1234567890TQ1234", `\d{10}TQ\d{4}|NR\d{8}`, "10 digits, TQ and 4 digits", nil, false},
	{"cd_nif", "CD", "Congo (DR) Tax Identification Number (Número de Identificação Fiscal)", "A0123456M", `[A-Z]\d{7}[A-Z]`, "a letter, 7 digits and a letter", nil, false},
	// permissive: the HR suffix is optional.
	{"ch_uid", "CH", "Switzerland UID number", "CHE-123.456.789 HR", `CHE\d{9}(?:HR)?`, "CHE and 9 digits", checkCHE, false},
	// permissive: the MWST/TVA/IVA/TPV suffix is optional.
	{"ch_vat", "CH", "Switzerland VAT number", "CHE-123.456.789 MWST", `CHE\d{9}(?:MWST|TVA|IVA|TPV)?`, "CHE, 9 digits and MWST, TVA or IVA", checkCHE, false},
	{"cl_tin", "CL", "Chilean TIN", "12.345.678-K", `\d{7,8}[0-9K]`, "7-8 digits and a check digit or K", checkRUT, false},
	{"cm_niu", "CM", "Cameroon Tax Identification Number (Numéro d'Identifiant fiscal Unique)", "M123456789000L", `[A-Z]\d{12}[A-Z]`, "a letter, 12 digits and a letter", nil, false},
	// permissive: the 18-character unified social credit code, or an older
	// tax registration number (6-digit area code, 9-character organisation
	// code, optionally 2 or 5 more digits).
	{"cn_tin", "CN", "Chinese tax ID", "123456789012345678", `[0-9A-Z]{2}\d{6}[0-9A-Z]{10}|\d{6}[0-9A-Z]{9}(?:\d{2}|\d{5})?`, "18 characters", checkUSCC, false},
	// permissive: NIT plus check digit, 8-16 digits.
	{"co_nit", "CO", "Colombian NIT number", "123.456.789-0", `\d{8,16}`, "9 digits and a check digit", checkNIT, false},
	// permissive: cédula física (9), jurídica/NITE (10), DIMEX (11-12).
	{"cr_tin", "CR", "Costa Rican tax ID", "1-234-567890", `\d{9,12}`, "9-12 digits", nil, false},
	{"cv_nif", "CV", "Cape Verde Tax Identification Number (Número de Identificação Fiscal)", "213456789", `\d{9}`, "9 digits", nil, false},
	// permissive: the state formats have 10-11 digits, the federal one 13.
	{"de_stn", "DE", "German Tax Number (Steuernummer)", "1234567890", `\d{10,13}`, "10-13 digits", nil, false},
	// RNC (9 digits) or cédula (11 digits, as in the example).
	{"do_rcn", "DO", "Dominican RCN number", "123-4567890-1", `\d{9}|\d{11}`, "9 or 11 digits", checkDORCN, false},
	{"ec_ruc", "EC", "Ecuadorian RUC number", "1234567890001", `\d{13}`, "13 digits", checkECRUC, false},
	{"eg_tin", "EG", "Egyptian Tax Identification Number", "123456789", `\d{9}`, "9 digits", nil, false},
	// NIF: DNI (8 digits, letter), NIE/K/L/M (letter, 7 digits, letter) or
	// CIF (letter, 7 digits, digit or letter).
	{"es_cif", "ES", "Spanish NIF number (previously Spanish CIF number)", "A12345678", `[A-Z]\d{7}[0-9A-Z]|\d{8}[A-Z]`, "a letter or digit, 7 digits and a letter or digit", checkNIFES, false},
	{"et_tin", "ET", "Ethiopia Tax Identification Number", "1234567890", `\d{10}`, "10 digits", nil, false},
	{"eu_oss_vat", "EU", "European One Stop Shop VAT number for non-Union scheme", "EU123456789", `EU\d{9}`, "EU and 9 digits", nil, false},
	// eu_vat's pattern is per country (euVAT below); the country comes from
	// the value's prefix.
	{"eu_vat", "", "European VAT number", "DE123456789", "", euVATFormat, checkEUVAT, true},
	// permissive-unsure: the prefix is required, as in the example.
	{"fo_vat", "FO", "Faroe Islands VAT number", "FO123456", `FO\d{6}`, "FO and 6 digits", nil, false},
	// 9 digits, 12 (branch), or GD/HA and 3 digits (government, health).
	{"gb_vat", "GB", "United Kingdom VAT number", "GB123456789", `GB(?:\d{9}|\d{12}|GD\d{3}|HA\d{3})`, "GB and 9 digits", checkGBVATPrefixed, true},
	// permissive: companies have 9 digits, individuals 11.
	{"ge_vat", "GE", "Georgian VAT", "123456789", `\d{9}|\d{11}`, "9 digits", nil, false},
	// permissive-unsure: 5 digits (example) or 6.
	{"gi_tin", "GI", "Gibraltar Tax Identification number", "12345", `\d{5,6}`, "5 digits", nil, false},
	{"gn_nif", "GN", "Guinea Tax Identification Number (Número de Identificação Fiscal)", "123456789", `\d{9}`, "9 digits", nil, false},
	{"hk_br", "HK", "Hong Kong BR number", "12345678", `\d{8}`, "8 digits", nil, false},
	{"hr_oib", "HR", "Croatian Personal Identification Number", "12345678901", `\d{11}`, "11 digits", checkMod11_10, false},
	// 8-digit base, VAT code digit, 2-digit county code.
	{"hu_tin", "HU", "Hungary tax number (adószám)", "12345678-1-23", `\d{11}`, "11 digits", checkHUTIN, false},
	// Stripe: "follows the same format as es_cif" (changelog 2026-07-29.dahlia).
	// Country "IC" (Canary Islands) as the doc gives it, marked unverified there.
	{"ic_nif", "IC", "Canary Islands NIF number", "A12345678", `[A-Z]\d{7}[0-9A-Z]|\d{8}[A-Z]`, "a letter or digit, 7 digits and a letter or digit", checkNIFES, false},
	// 15 digits; the 16-digit NPWP (the NIK) is in use since 2024.
	{"id_npwp", "ID", "Indonesian NPWP number", "012.345.678.9-012.345", `\d{15,16}`, "15 or 16 digits", checkNPWP, false},
	{"il_vat", "IL", "Israel VAT", "000012345", `\d{9}`, "9 digits", checkLuhn, false},
	// 2-digit state, 10-character PAN, entity, Z, check; the second branch
	// admits the special GSTINs of UN bodies, embassies and non-residents.
	{"in_gst", "IN", "Indian GST number", "12ABCDE3456FGZH", `\d{2}[A-Z]{5}\d{4}[A-Z][0-9A-Z]{3}|\d{4}[A-Z]{3}\d{5}[0-9A-Z]{3}`, "2 digits and 13 characters", checkGSTIN, false},
	// permissive: VSK numbers have 5 or 6 digits.
	{"is_vat", "IS", "Icelandic VAT", "123456", `\d{5,6}`, "6 digits", nil, false},
	// codice fiscale (16 characters, digits may be replaced by L-V for
	// homocodes) or a company's 11-digit partita IVA.
	{"it_cf", "IT", "Italian Codice Fiscale number", "ABCDEF12A12A123A", `[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]|\d{11}`, "16 characters or 11 digits", checkITCF, false},
	{"jp_cn", "JP", "Japanese Corporate Number (Hōjin Bangō)", "1234567891234", `\d{13}`, "13 digits", checkJPCN, false},
	{"jp_rn", "JP", "Japanese Registered Foreign Businesses' Registration Number (Tōroku Kokugai Jigyōsha no Tōroku Bangō)", "12345", `\d{5}`, "5 digits", nil, false},
	{"jp_trn", "JP", "Japanese Tax Registration Number (Tōroku Bangō)", "T1234567891234", `T\d{13}`, "T and 13 digits", checkJPCN, false},
	{"ke_pin", "KE", "Kenya Revenue Authority Personal Identification Number", "P000111111A", `[A-Z]\d{9}[A-Z]`, "a letter, 9 digits and a letter", nil, false},
	{"kg_tin", "KG", "Kyrgyzstan Tax Identification Number", "12345678901234", `\d{14}`, "14 digits", nil, false},
	// permissive: the first character is a digit in the example and a letter
	// (K, L, B, E) in many real numbers.
	{"kh_tin", "KH", "Cambodia Tax Identification Number", "1001-123456789", `[0-9A-Z]\d{12}`, "13 characters", nil, false},
	{"kr_brn", "KR", "Korean BRN", "123-45-67890", `\d{10}`, "10 digits", checkKRBRN, false},
	{"kz_bin", "KZ", "Kazakhstani Business Identification Number", "123456789012", `\d{12}`, "12 digits", checkKZBIN, false},
	{"la_tin", "LA", "Laos Tax Identification Number", "123456789-000", `\d{12}`, "12 digits", nil, false},
	{"li_uid", "LI", "Liechtensteinian UID number", "CHE123456789", `CHE\d{9}`, "CHE and 9 digits", checkCHE, false},
	{"li_vat", "LI", "Liechtensteinian VAT number", "12345", `\d{5}`, "5 digits", nil, false},
	{"lk_vat", "LK", "Sri Lanka VAT number", "123456789-1234", `\d{13}`, "13 digits", nil, false},
	// permissive: the identifiant fiscal has 7 or 8 digits.
	{"ma_vat", "MA", "Morocco VAT Number", "12345678", `\d{7,8}`, "8 digits", nil, false},
	{"md_vat", "MD", "Moldova VAT Number", "1234567", `\d{7}`, "7 digits", nil, false},
	{"me_pib", "ME", "Montenegro PIB Number", "12345678", `\d{8}`, "8 digits", checkMEPIB, false},
	{"mk_vat", "MK", "North Macedonia VAT Number", "MK1234567890123", `MK\d{13}`, "MK and 13 digits", checkMKEDB, false},
	{"mr_nif", "MR", "Mauritania Tax Identification Number (Número de Identificação Fiscal)", "12345678", `\d{8}`, "8 digits", nil, false},
	// 3 (companies) or 4 (people) letters, a yymmdd date, 3-character
	// homoclave.
	{"mx_rfc", "MX", "Mexican RFC number", "ABC010203AB9", `[A-ZÑ&]{3,4}\d{6}[0-9A-Z]{3}`, "3-4 letters, 6 digits and 3 characters", checkRFC, false},
	{"my_frp", "MY", "Malaysian FRP number", "12345678", `\d{8}`, "8 digits", nil, false},
	// permissive: a 1-2 letter file type (C, SG, OG, D, ...) and 9-11 digits.
	{"my_itn", "MY", "Malaysian ITN", "C 1234567890", `[A-Z]{1,2}\d{9,11}`, "1-2 letters and 10 digits", nil, false},
	// station code (letter, 2 digits), 4 digits, 8 digits.
	{"my_sst", "MY", "Malaysian SST number", "A12-3456-78912345", `[A-Z]\d{14}`, "a letter and 14 digits", nil, false},
	// permissive: 8 digits, optionally a 4-digit tax office code.
	{"ng_tin", "NG", "Nigerian Tax Identification Number", "12345678-0001", `\d{8}(?:\d{4})?`, "8 digits and 4 digits", nil, false},
	// permissive: the MVA suffix is optional.
	{"no_vat", "NO", "Norwegian VAT number", "123456789MVA", `\d{9}(?:MVA)?`, "9 digits and MVA", checkNOOrgnr, false},
	{"no_voec", "NO", "Norwegian VAT on e-commerce number", "1234567", `\d{7}`, "7 digits", nil, false},
	{"np_pan", "NP", "Nepal PAN Number", "123456789", `\d{9}`, "9 digits", nil, false},
	// IRD number: 8 or 9 digits.
	{"nz_gst", "NZ", "New Zealand GST number", "123456789", `\d{8,9}`, "8-9 digits", checkNZIRD, false},
	{"om_vat", "OM", "Omani VAT Number", "OM1234567890", `OM\d{10}`, "OM and 10 digits", nil, false},
	{"pe_ruc", "PE", "Peruvian RUC number", "12345678901", `\d{11}`, "11 digits", checkPERUC, false},
	// permissive: 9 digits plus a 3- or 5-digit branch code.
	{"ph_tin", "PH", "Philippines Tax Identification Number", "123456789012", `\d{9}(?:\d{3}(?:\d{2})?)?`, "12 digits", nil, false},
	{"pl_nip", "PL", "Polish NIP number", "1234567890", `\d{10}`, "10 digits", checkPLNIP, false},
	// permissive-unsure: a 5-8 digit base and a check character; the
	// example ends in a letter where real RUCs have a digit.
	{"py_ruc", "PY", "Paraguayan RUC number", "12345678A", `\d{5,8}[0-9A-Z]`, "5-8 digits and a check digit", checkPYRUC, false},
	// permissive: a personal CNP (13 digits, as in the example) or a
	// company's CUI (6-10 digits).
	{"ro_tin", "RO", "Romanian tax ID number", "1234567890123", `\d{13}|\d{6,10}`, "13 digits", checkROTIN, false},
	{"rs_pib", "RS", "Serbian PIB number", "123456789", `\d{9}`, "9 digits", checkMod11_10, false},
	// 10 digits (organisations) or 12 (individuals).
	{"ru_inn", "RU", "Russian INN", "1234567891", `\d{10}|\d{12}`, "10 or 12 digits", checkRUINN, false},
	// positions 5-6 may be letters since 2012.
	{"ru_kpp", "RU", "Russian KPP", "123456789", `\d{4}[0-9A-Z]{2}\d{3}`, "9 digits", nil, false},
	{"sa_vat", "SA", "Saudi Arabia VAT", "123456789012345", `\d{15}`, "15 digits", nil, false},
	// permissive: the M-format GST number or a UEN used as GST number.
	{"sg_gst", "SG", "Singaporean GST", "M12345678X", `[A-Z]\d{8}[A-Z]|\d{8,9}[A-Z]|[RST]\d{2}[A-Z]{2}\d{4}[A-Z]`, "a letter, 8 digits and a letter", checkSGGST, false},
	// businesses (8 digits, letter), local companies (9 digits, letter),
	// others (R/S/T, year, entity type, 4 digits, letter).
	{"sg_uen", "SG", "Singaporean UEN", "123456789F", `\d{8,9}[A-Z]|[RST]\d{2}[A-Z]{2}\d{4}[A-Z]`, "9-10 characters", checkSGUEN, false},
	{"si_tin", "SI", "Slovenia tax number (davčna številka)", "12345678", `\d{8}`, "8 digits", checkSI, false},
	// NINEA (7 digits, 9 with leading zeros) and an optional COFI (digit,
	// letter, digit).
	{"sn_ninea", "SN", "Senegal NINEA Number", "12345672A2", `\d{7}(?:\d{2})?(?:\d[A-Z]\d)?`, "7 digits and a 3-character COFI", nil, false},
	{"sr_fin", "SR", "Suriname FIN Number", "1234567890", `\d{10}`, "10 digits", nil, false},
	{"sv_nit", "SV", "El Salvadorian NIT number", "1234-567890-123-4", `\d{14}`, "14 digits", checkSVNIT, false},
	{"th_vat", "TH", "Thai VAT", "1234567891234", `\d{13}`, "13 digits", checkTHTIN, false},
	{"tj_tin", "TJ", "Tajikistan Tax Identification Number", "123456789", `\d{9}`, "9 digits", nil, false},
	// permissive: VKN (10 digits) or an individual's TCKN (11).
	{"tr_tin", "TR", "Turkish Tax Identification Number", "0123456789", `\d{10,11}`, "10 digits", checkTRTIN, false},
	{"tw_vat", "TW", "Taiwanese VAT", "12345678", `\d{8}`, "8 digits", checkTWUBN, false},
	{"tz_vat", "TZ", "Tanzania VAT Number", "12345678A", `\d{8}[A-Z]`, "8 digits and a letter", nil, false},
	// permissive-unsure: the example has 9 digits, the VAT payer number 12,
	// EDRPOU 8 and RNOKPP 10.
	{"ua_vat", "UA", "Ukrainian VAT", "123456789", `\d{8,12}`, "9 digits", nil, false},
	{"ug_tin", "UG", "Uganda Tax Identification Number", "1014751879", `\d{10}`, "10 digits", nil, false},
	{"us_ein", "US", "United States EIN", "12-3456789", `\d{9}`, "9 digits", nil, false},
	{"uy_ruc", "UY", "Uruguayan RUC number", "123456789012", `\d{12}`, "12 digits", checkUYRUT, false},
	{"uz_tin", "UZ", "Uzbekistan TIN Number", "123456789", `\d{9}`, "9 digits", nil, false},
	{"uz_vat", "UZ", "Uzbekistan VAT Number", "123456789012", `\d{12}`, "12 digits", nil, false},
	// type letter (V, E, J, P, G, C; the example uses A), 8 digits, check
	// digit.
	{"ve_rif", "VE", "Venezuelan RIF number", "A-12345678-9", `[A-Z]\d{9}`, "a letter and 9 digits", checkVERIF, false},
	// MST: 10 digits, 13 for branches; 12 for individuals' CCCD numbers.
	{"vn_tin", "VN", "Vietnamese tax ID number", "1234567890", `\d{10}|\d{12,13}`, "10 or 13 digits", checkVNMST, false},
	// South African VAT numbers always start with 4.
	{"za_vat", "ZA", "South African VAT number", "4123456789", `4\d{9}`, "10 digits starting with 4", nil, false},
	{"zm_tin", "ZM", "Zambia Tax Identification Number", "1004751879", `\d{10}`, "10 digits", nil, false},
	{"zw_tin", "ZW", "Zimbabwe Tax Identification Number", "1234567890", `\d{10}`, "10 digits", nil, false},
}

// euVATFormat is eu_vat's format when the prefix is not one of euVAT's.
const euVATFormat = "a 2-letter EU country prefix (EL for Greece, XI for Northern Ireland) and 2-12 characters"

// euVAT lists the prefixes eu_vat accepts (the 27 member states with EL for
// Greece, and XI for Northern Ireland) with the country Stripe reports, the
// national VAT format after the prefix, and Stripe's example (§2.2). Check
// digits are per country; see checkEUVAT.
var euVAT = []euEntry{
	{"AT", "AT", "ATU12345678", `U\d{8}`, "ATU and 8 digits", checkAT},
	// permissive: 10 digits; the pre-2007 9-digit form is accepted too.
	{"BE", "BE", "BE0123456789", `\d{9,10}`, "BE and 10 digits", checkBE},
	{"BG", "BG", "BG0123456789", `\d{9,10}`, "BG and 9 or 10 digits", checkBG},
	{"CY", "CY", "CY12345678Z", `\d{8}[A-Z]`, "CY, 8 digits and a letter", checkCY},
	{"CZ", "CZ", "CZ1234567890", `\d{8,10}`, "CZ and 8-10 digits", checkCZ},
	{"DE", "DE", "DE123456789", `\d{9}`, "DE and 9 digits", checkMod11_10},
	{"DK", "DK", "DK12345678", `\d{8}`, "DK and 8 digits", checkDK},
	{"EE", "EE", "EE123456789", `\d{9}`, "EE and 9 digits", checkEE},
	{"EL", "GR", "EL123456789", `\d{9}`, "EL and 9 digits", checkEL},
	{"ES", "ES", "ESA1234567Z", `[0-9A-Z]\d{7}[0-9A-Z]`, "ES, a letter or digit, 7 digits and a letter or digit", checkNIFES},
	{"FI", "FI", "FI12345678", `\d{8}`, "FI and 8 digits", checkFI},
	{"FR", "FR", "FRAB123456789", `[0-9A-Z]{2}\d{9}`, "FR, 2 letters or digits and 9 digits", checkFR},
	{"HR", "HR", "HR12345678912", `\d{11}`, "HR and 11 digits", checkMod11_10},
	{"HU", "HU", "HU12345678", `\d{8}`, "HU and 8 digits", checkHUTIN},
	// 7 digits and 1-2 letters, or the old form (digit, letter/+/*, 5
	// digits, letter).
	{"IE", "IE", "IE1234567AB", `\d{7}[A-Z]{1,2}|\d[A-Z+*]\d{5}[A-Z]`, "IE, 7 digits and 1-2 letters", checkIE},
	{"IT", "IT", "IT12345678912", `\d{11}`, "IT and 11 digits", checkLuhn},
	{"LT", "LT", "LT123456789123", `\d{9}|\d{12}`, "LT and 9 or 12 digits", checkLT},
	{"LU", "LU", "LU12345678", `\d{8}`, "LU and 8 digits", checkLU},
	{"LV", "LV", "LV12345678912", `\d{11}`, "LV and 11 digits", checkLV},
	{"MT", "MT", "MT12345678", `\d{8}`, "MT and 8 digits", checkMT},
	{"NL", "NL", "NL123456789B12", `\d{9}B\d{2}`, "NL, 9 digits, B and 2 digits", checkNL},
	{"PL", "PL", "PL1234567890", `\d{10}`, "PL and 10 digits", checkPLNIP},
	{"PT", "PT", "PT123456789", `\d{9}`, "PT and 9 digits", checkPT},
	{"RO", "RO", "RO1234567891", `\d{2,10}`, "RO and 2-10 digits", checkROCUI},
	// permissive: 12 digits; real numbers end in 01, Stripe's example does
	// not.
	{"SE", "SE", "SE123456789123", `\d{12}`, "SE and 12 digits", checkSE},
	{"SI", "SI", "SI12345678", `\d{8}`, "SI and 8 digits", checkSI},
	{"SK", "SK", "SK1234567891", `\d{10}`, "SK and 10 digits", checkSK},
	// Northern Ireland: the UK format.
	{"XI", "GB", "XI123456789", `\d{9}|\d{12}|GD\d{3}|HA\d{3}`, "XI and 9 digits", checkGBVAT},
}
