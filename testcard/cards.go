package testcard

// This file is the catalog: one row per test card, transcribed from section 1
// of shared/docs/stripe-tables.md. Every id in a row stands for the same card.
//
// Conventions used when the doc leaves a value open:
//   - funding not stated by the doc (or marked [unverified]) is "credit";
//   - country not stated is "US", except where the doc infers it from the
//     ISO 3166 numeric code in digits 7-9 of the number (co-branded,
//     bypassPendingInternational, the 3DS "authenticationRequired..." cards);
//   - a pm_card_X has the tok_X twin unless the doc says "none documented".
//
// Doc ambiguities resolved here (see also the comments on the rows):
//   - pm_card_jcb: section 1.2 gives 3566002020360505 (last4 0505), the
//     country table of 1.3 gives 3530111333300000 (last4 0000); both are JP.
//     We use 3566002020360505, the brand-table number.
//   - Co-branded cards: brand is the international network (visa/mastercard)
//     and display_brand follows brand; networks.available lists both
//     networks, sorted. Whether Stripe shows cartes_bancaires /
//     eftpos_australia as display_brand by default is unverified.
//   - The doc gives no tok_ column for the HSA/FSA cards; we accept the tok_X
//     twins by the general rule of section 1.9.
//   - tok_visa_debit_chargeDeclinedInsufficientFunds reuses 4000000000009995
//     (the doc gives no separate number) with funding debit, as its name says.
//   - tok_visa_chargeDeclinedFraudulent: the doc table prints expired_card,
//     which the doc calls a slip; we use card_declined / fraudulent as
//     observed for pm_card_chargeDeclinedFraudulent (number 4100000000000019
//     is unverified and shared with pm_card_radarBlock).
//   - Radar, dispute, refund and 3DS cards attach. Those whose every charge
//     fails according to the doc carry a ChargeDecline: radarBlock
//     (card_declined / fraudulent, a guess the doc also makes),
//     authenticationRequiredChargeDeclinedInsufficientFunds
//     (card_declined / insufficient_funds), threeDSecureRequiredChargeDeclined
//     and threeDSecureRequiredProcessingError (card_declined, decline_code
//     generic_decline assumed). Authentication itself is not modelled here.
//   - createMultipleDisputes (4000000404000079) and createCe3EligibleDispute
//     (4000000404000038) carry 040 (AT) in digits 7-9, but the doc infers no
//     country for them, so they stay US.
//   - chargeDeclinedVelocityLimitExceeded: param and advice_code are
//     unverified in the doc and left empty.
//   - Advice codes of the charge-only declines (chargeCustomerFail family,
//     3DS declines) follow the declines table for the same decline_code.
//   - The only doc number failing Luhn (4242424242424241, incorrect_number)
//     has no magic id and is not in the catalog.

// Declines, one per code / decline_code pair. Messages are the doc's
// "Typical message strings".
var (
	declineGeneric = &Decline{Code: "card_declined", DeclineCode: "generic_decline",
		Message: "Your card was declined.", AdviceCode: "try_again_later"}
	declineInsufficientFunds = &Decline{Code: "card_declined", DeclineCode: "insufficient_funds",
		Message: "Your card has insufficient funds.", AdviceCode: "try_again_later"}
	declineLostCard = &Decline{Code: "card_declined", DeclineCode: "lost_card",
		Message: "Your card was declined.", AdviceCode: "do_not_try_again"}
	declineStolenCard = &Decline{Code: "card_declined", DeclineCode: "stolen_card",
		Message: "Your card was declined.", AdviceCode: "do_not_try_again"}
	declineExpiredCard = &Decline{Code: "expired_card", DeclineCode: "expired_card",
		Message: "Your card has expired.", Param: "exp_month", AdviceCode: "confirm_card_data"}
	declineIncorrectCVC = &Decline{Code: "incorrect_cvc", DeclineCode: "incorrect_cvc",
		Message: "Your card's security code is incorrect.", Param: "cvc", AdviceCode: "confirm_card_data"}
	declineProcessingError = &Decline{Code: "processing_error", DeclineCode: "processing_error",
		Message: "An error occurred while processing your card. Try again in a little bit.", AdviceCode: "try_again_later"}
	declineVelocityExceeded = &Decline{Code: "card_declined", DeclineCode: "card_velocity_exceeded",
		Message: "Your card was declined."}
	declineFraudulent = &Decline{Code: "card_declined", DeclineCode: "fraudulent",
		Message: "Your card was declined."}
)

// table is the catalog. Columns: ids, number, last4, brand, funding,
// country, traits.
var table = []row{
	// 1.2 Cards by brand.
	{ids{"pm_card_visa", "tok_visa"}, "4242424242424242", "4242", "visa", "credit", "US", plain},
	{ids{"pm_card_visa_debit", "tok_visa_debit"}, "4000056655665556", "5556", "visa", "debit", "US", plain},
	{ids{"pm_card_mastercard", "tok_mastercard"}, "5555555555554444", "4444", "mastercard", "credit", "US", plain},
	{ids{"pm_card_mastercard_debit", "tok_mastercard_debit"}, "5200828282828210", "8210", "mastercard", "debit", "US", plain},
	{ids{"pm_card_mastercard_prepaid", "tok_mastercard_prepaid"}, "5105105105105100", "5100", "mastercard", "prepaid", "US", plain},
	{ids{"pm_card_amex", "tok_amex"}, "378282246310005", "0005", "amex", "credit", "US", no3DS},
	{ids{"pm_card_discover", "tok_discover"}, "6011111111111117", "1117", "discover", "credit", "US", plain},
	{ids{"pm_card_diners", "tok_diners"}, "3056930009020004", "0004", "diners", "credit", "US", plain},
	// Ambiguous in the doc: 1.3 maps pm_card_jcb to 3530111333300000 (last4
	// 0000). We keep the brand-table number.
	{ids{"pm_card_jcb", "tok_jcb"}, "3566002020360505", "0505", "jcb", "credit", "JP", plain},
	// Doc: "non-US, probably CN".
	{ids{"pm_card_unionpay", "tok_unionpay"}, "6200000000000005", "0005", "unionpay", "credit", "CN", plain},

	// 1.2 Co-branded (country from digits 7-9: 250 = FR, 036 = AU).
	{ids{"pm_card_visa_cartesBancaires", "tok_visa_cartesBancaires"}, "4000002500001001", "1001", "visa", "credit", "FR", cobrand("cartes_bancaires")},
	{ids{"pm_card_mastercard_cartesBancaires", "tok_mastercard_cartesBancaires"}, "5555552500001001", "1001", "mastercard", "credit", "FR", cobrand("cartes_bancaires")},
	{ids{"pm_card_visa_debit_eftposAuCoBranded", "tok_visa_debit_eftposAuCoBranded"}, "4000050360000001", "0001", "visa", "debit", "AU", cobrand("eftpos_au")},
	{ids{"pm_card_mastercard_debit_eftposAuCoBranded", "tok_mastercard_debit_eftposAuCoBranded"}, "5555050360000080", "0080", "mastercard", "debit", "AU", cobrand("eftpos_au")},

	// 1.2 HSA/FSA (the doc gives one number for both Visa rows; tok_ twins
	// by the rule of 1.9).
	{ids{"pm_card_debit_visaFsaProductCode", "tok_debit_visaFsaProductCode"}, "4000051230000072", "0072", "visa", "debit", "US", plain},
	{ids{"pm_card_debit_visaHsaProductCode", "tok_debit_visaHsaProductCode"}, "4000051230000072", "0072", "visa", "debit", "US", plain},
	{ids{"pm_card_mastercard_debit_mastercardFsaProductCode", "tok_mastercard_debit_mastercardFsaProductCode"}, "5200828282828897", "8897", "mastercard", "debit", "US", plain},

	// 1.3 Cards by country (Visa unless noted; pm_card_jcb is above).
	{ids{"pm_card_us", "tok_us"}, "4242424242424242", "4242", "visa", "credit", "US", plain},
	{ids{"pm_card_ar", "tok_ar"}, "4000000320000021", "0021", "visa", "credit", "AR", plain},
	{ids{"pm_card_br", "tok_br"}, "4000000760000002", "0002", "visa", "credit", "BR", plain},
	{ids{"pm_card_ca", "tok_ca"}, "4000001240000000", "0000", "visa", "credit", "CA", plain},
	{ids{"pm_card_cl", "tok_cl"}, "4000001520000001", "0001", "visa", "credit", "CL", plain},
	{ids{"pm_card_co", "tok_co"}, "4000001700000003", "0003", "visa", "credit", "CO", plain},
	{ids{"pm_card_cr", "tok_cr"}, "4000001880000005", "0005", "visa", "credit", "CR", plain},
	{ids{"pm_card_ec", "tok_ec"}, "4000002180000000", "0000", "visa", "credit", "EC", plain},
	{ids{"pm_card_mx", "tok_mx"}, "4000004840008001", "8001", "visa", "credit", "MX", plain},
	{ids{"pm_card_pa", "tok_pa"}, "4000005910000000", "0000", "visa", "credit", "PA", plain},
	{ids{"pm_card_py", "tok_py"}, "4000006000000066", "0066", "visa", "credit", "PY", plain},
	{ids{"pm_card_pe", "tok_pe"}, "4000006040000068", "0068", "visa", "credit", "PE", plain},
	{ids{"pm_card_uy", "tok_uy"}, "4000008580000003", "0003", "visa", "credit", "UY", plain},
	{ids{"pm_card_at", "tok_at"}, "4000000400000008", "0008", "visa", "credit", "AT", plain},
	{ids{"pm_card_be", "tok_be"}, "4000000560000004", "0004", "visa", "credit", "BE", plain},
	{ids{"pm_card_bg", "tok_bg"}, "4000001000000000", "0000", "visa", "credit", "BG", plain},
	{ids{"pm_card_by", "tok_by"}, "4000001120000005", "0005", "visa", "credit", "BY", plain},
	{ids{"pm_card_cy", "tok_cy"}, "4000001960000008", "0008", "visa", "credit", "CY", plain},
	{ids{"pm_card_cz", "tok_cz"}, "4000002030000002", "0002", "visa", "credit", "CZ", plain},
	{ids{"pm_card_dk", "tok_dk"}, "4000002080000001", "0001", "visa", "credit", "DK", plain},
	{ids{"pm_card_fi", "tok_fi"}, "4000002460000001", "0001", "visa", "credit", "FI", plain},
	{ids{"pm_card_fr", "tok_fr"}, "4000002500000003", "0003", "visa", "credit", "FR", plain},
	{ids{"pm_card_de", "tok_de"}, "4000002760000016", "0016", "visa", "credit", "DE", plain},
	{ids{"pm_card_gr", "tok_gr"}, "4000003000000030", "0030", "visa", "credit", "GR", plain},
	{ids{"pm_card_hu", "tok_hu"}, "4000003480000005", "0005", "visa", "credit", "HU", plain},
	{ids{"pm_card_ie", "tok_ie"}, "4000003720000005", "0005", "visa", "credit", "IE", plain},
	{ids{"pm_card_it", "tok_it"}, "4000003800000008", "0008", "visa", "credit", "IT", plain},
	{ids{"pm_card_lv", "tok_lv"}, "4000004280000005", "0005", "visa", "credit", "LV", plain},
	{ids{"pm_card_lt", "tok_lt"}, "4000004400000000", "0000", "visa", "credit", "LT", plain},
	{ids{"pm_card_lu", "tok_lu"}, "4000004420000006", "0006", "visa", "credit", "LU", plain},
	{ids{"pm_card_mt", "tok_mt"}, "4000004700000007", "0007", "visa", "credit", "MT", plain},
	{ids{"pm_card_nl", "tok_nl"}, "4000005280000002", "0002", "visa", "credit", "NL", plain},
	{ids{"pm_card_no", "tok_no"}, "4000005780000007", "0007", "visa", "credit", "NO", plain},
	{ids{"pm_card_pl", "tok_pl"}, "4000006160000005", "0005", "visa", "credit", "PL", plain},
	{ids{"pm_card_pt", "tok_pt"}, "4000006200000007", "0007", "visa", "credit", "PT", plain},
	{ids{"pm_card_ro", "tok_ro"}, "4000006420000001", "0001", "visa", "credit", "RO", plain},
	{ids{"pm_card_si", "tok_si"}, "4000007050000006", "0006", "visa", "credit", "SI", plain},
	{ids{"pm_card_sk", "tok_sk"}, "4000007030000001", "0001", "visa", "credit", "SK", plain},
	{ids{"pm_card_es", "tok_es"}, "4000007240000007", "0007", "visa", "credit", "ES", plain},
	{ids{"pm_card_se", "tok_se"}, "4000007520000008", "0008", "visa", "credit", "SE", plain},
	{ids{"pm_card_ch", "tok_ch"}, "4000007560000009", "0009", "visa", "credit", "CH", plain},
	{ids{"pm_card_gb", "tok_gb"}, "4000008260000000", "0000", "visa", "credit", "GB", plain},
	{ids{"pm_card_gb_debit", "tok_gb_debit"}, "4000058260000005", "0005", "visa", "debit", "GB", plain},
	{ids{"pm_card_gb_mastercard", "tok_gb_mastercard"}, "5555558265554449", "4449", "mastercard", "credit", "GB", plain},
	{ids{"pm_card_au", "tok_au"}, "4000000360000006", "0006", "visa", "credit", "AU", plain},
	{ids{"pm_card_cn", "tok_cn"}, "4000001560000002", "0002", "visa", "credit", "CN", plain},
	{ids{"pm_card_hk", "tok_hk"}, "4000003440000004", "0004", "visa", "credit", "HK", plain},
	{ids{"pm_card_in", "tok_in"}, "4000003560000008", "0008", "visa", "credit", "IN", plain},
	{ids{"pm_card_jp", "tok_jp"}, "4000003920000003", "0003", "visa", "credit", "JP", plain},
	{ids{"pm_card_my", "tok_my"}, "4000004580000002", "0002", "visa", "credit", "MY", plain},
	{ids{"pm_card_nz", "tok_nz"}, "4000005540000008", "0008", "visa", "credit", "NZ", plain},
	{ids{"pm_card_sg", "tok_sg"}, "4000007020000003", "0003", "visa", "credit", "SG", plain},
	{ids{"pm_card_tw", "tok_tw"}, "4000001580000008", "0008", "visa", "credit", "TW", plain},
	{ids{"pm_card_th_credit", "tok_th_credit"}, "4000007640000003", "0003", "visa", "credit", "TH", plain},
	{ids{"pm_card_th_debit", "tok_th_debit"}, "4000057640000008", "0008", "visa", "debit", "TH", plain},

	// 1.4 Declines: cannot be attached, every payment fails. Current names
	// carry the visa_ infix; the un-infixed ones are legacy aliases.
	{ids{"pm_card_visa_chargeDeclined", "tok_visa_chargeDeclined", "pm_card_chargeDeclined", "tok_chargeDeclined"}, "4000000000000002", "0002", "visa", "credit", "US", declined(declineGeneric)},
	{ids{"pm_card_visa_chargeDeclinedInsufficientFunds", "tok_visa_chargeDeclinedInsufficientFunds", "pm_card_chargeDeclinedInsufficientFunds", "tok_chargeDeclinedInsufficientFunds"}, "4000000000009995", "9995", "visa", "credit", "US", declined(declineInsufficientFunds)},
	// Token-only; the doc gives no number of its own.
	{ids{"tok_visa_debit_chargeDeclinedInsufficientFunds"}, "4000000000009995", "9995", "visa", "debit", "US", declined(declineInsufficientFunds)},
	{ids{"pm_card_visa_chargeDeclinedLostCard", "tok_visa_chargeDeclinedLostCard", "pm_card_chargeDeclinedLostCard", "tok_chargeDeclinedLostCard"}, "4000000000009987", "9987", "visa", "credit", "US", declined(declineLostCard)},
	{ids{"pm_card_visa_chargeDeclinedStolenCard", "tok_visa_chargeDeclinedStolenCard", "pm_card_chargeDeclinedStolenCard", "tok_chargeDeclinedStolenCard"}, "4000000000009979", "9979", "visa", "credit", "US", declined(declineStolenCard)},
	{ids{"pm_card_chargeDeclinedExpiredCard", "tok_chargeDeclinedExpiredCard", "tok_visa_chargeDeclinedExpiredCard"}, "4000000000000069", "0069", "visa", "credit", "US", declined(declineExpiredCard)},
	{ids{"pm_card_chargeDeclinedIncorrectCvc", "tok_chargeDeclinedIncorrectCvc", "tok_visa_chargeDeclinedIncorrectCvc"}, "4000000000000127", "0127", "visa", "credit", "US", declined(declineIncorrectCVC)},
	{ids{"pm_card_chargeDeclinedProcessingError", "tok_chargeDeclinedProcessingError", "tok_visa_chargeDeclinedProcessingError"}, "4000000000000119", "0119", "visa", "credit", "US", declined(declineProcessingError)},
	{ids{"pm_card_visa_chargeDeclinedVelocityLimitExceeded", "tok_visa_chargeDeclinedVelocityLimitExceeded", "pm_card_chargeDeclinedVelocityLimitExceeded", "tok_chargeDeclinedVelocityLimitExceeded"}, "4000000000006975", "6975", "visa", "credit", "US", declined(declineVelocityExceeded)},
	// Legacy, not in current docs; number unverified. The doc prints
	// expired_card for tok_visa_chargeDeclinedFraudulent, which it calls a slip.
	{ids{"pm_card_chargeDeclinedFraudulent", "tok_chargeDeclinedFraudulent", "tok_visa_chargeDeclinedFraudulent"}, "4100000000000019", "0019", "visa", "credit", "US", declined(declineFraudulent)},

	// 1.5 Attaches fine, then every charge fails.
	{ids{"pm_card_chargeCustomerFail", "tok_chargeCustomerFail", "tok_visa_chargeCustomerFail"}, "4000000000000341", "0341", "visa", "credit", "US", chargeFails(declineGeneric)},
	// Number unverified in the doc; same card as chargeCustomerFail.
	{ids{"tok_visa_chargeCustomerFailLostCard"}, "4000000000000341", "0341", "visa", "credit", "US", chargeFails(declineLostCard)},
	{ids{"tok_visa_chargeCustomerFailStolenCard"}, "4000000000000341", "0341", "visa", "credit", "US", chargeFails(declineStolenCard)},

	// 1.6 Radar. All attach; only radarBlock is "always blocked" (decline
	// shape a guess, as in the doc).
	{ids{"pm_card_radarBlock", "tok_radarBlock"}, "4100000000000019", "0019", "visa", "credit", "US", chargeFails(declineFraudulent)},
	{ids{"pm_card_riskLevelHighest", "tok_riskLevelHighest"}, "4000000000004954", "4954", "visa", "credit", "US", plain},
	{ids{"pm_card_riskLevelElevated", "tok_riskLevelElevated"}, "4000000000009235", "9235", "visa", "credit", "US", plain},
	{ids{"pm_card_cvcCheckFail", "tok_cvcCheckFail"}, "4000000000000101", "0101", "visa", "credit", "US", plain},
	{ids{"pm_card_avsZipFail", "tok_avsZipFail"}, "4000000000000036", "0036", "visa", "credit", "US", plain},
	{ids{"pm_card_cvcCheckFailElevatedRisk", "tok_cvcCheckFailElevatedRisk"}, "4000058400307872", "7872", "visa", "credit", "US", plain},
	{ids{"pm_card_avsZipFailElevatedRisk", "tok_avsZipFailElevatedRisk"}, "4000058400306072", "6072", "visa", "credit", "US", plain},
	{ids{"pm_card_avsLine1Fail", "tok_avsLine1Fail"}, "4000000000000028", "0028", "visa", "credit", "US", plain},
	{ids{"pm_card_avsFail", "tok_avsFail"}, "4000000000000010", "0010", "visa", "credit", "US", plain},
	{ids{"pm_card_avsUnchecked", "tok_avsUnchecked"}, "4000000000000044", "0044", "visa", "credit", "US", plain},

	// 1.7 Disputes, refunds, balance. Charges succeed.
	{ids{"pm_card_createDispute", "tok_createDispute"}, "4000000000000259", "0259", "visa", "credit", "US", plain},
	{ids{"pm_card_createDisputeProductNotReceived", "tok_createDisputeProductNotReceived"}, "4000000000002685", "2685", "visa", "credit", "US", plain},
	{ids{"pm_card_createDisputeInquiry", "tok_createDisputeInquiry"}, "4000000000001976", "1976", "visa", "credit", "US", plain},
	{ids{"pm_card_createIssuerFraudRecord", "tok_createIssuerFraudRecord"}, "4000000000005423", "5423", "visa", "credit", "US", plain},
	// Digits 7-9 read 040 (AT), but the doc infers no country: US.
	{ids{"pm_card_createMultipleDisputes", "tok_createMultipleDisputes"}, "4000000404000079", "0079", "visa", "credit", "US", plain},
	{ids{"pm_card_createCe3EligibleDispute", "tok_createCe3EligibleDispute"}, "4000000404000038", "0038", "visa", "credit", "US", plain},
	{ids{"pm_card_createComplianceDispute", "tok_createComplianceDispute"}, "4000008400000779", "0779", "visa", "credit", "US", plain},
	{ids{"pm_card_pendingRefund", "tok_pendingRefund"}, "4000000000007726", "7726", "visa", "credit", "US", plain},
	{ids{"pm_card_refundFail", "tok_refundFail"}, "4000000000005126", "5126", "visa", "credit", "US", plain},
	{ids{"pm_card_bypassPending", "tok_bypassPending"}, "4000000000000077", "0077", "visa", "credit", "US", plain},
	{ids{"pm_card_bypassPendingInternational", "tok_bypassPendingInternational"}, "4000003720000278", "0278", "visa", "credit", "IE", plain},

	// 1.8 Authentication / 3D Secure. Countries as inferred by the doc.
	{ids{"pm_card_authenticationRequiredOnSetup"}, "4000002500003155", "3155", "visa", "credit", "FR", plain},
	{ids{"pm_card_authenticationRequired"}, "4000002760003184", "3184", "visa", "credit", "DE", plain},
	{ids{"pm_card_authenticationRequiredSetupForOffSession"}, "4000003800000446", "0446", "visa", "credit", "IT", plain},
	{ids{"pm_card_authenticationRequiredChargeDeclinedInsufficientFunds"}, "4000008260003178", "3178", "visa", "credit", "GB", chargeFails(declineInsufficientFunds)},
	{ids{"pm_card_threeDSecure2Required", "tok_threeDSecure2Required"}, "4000000000003220", "3220", "visa", "credit", "US", plain},
	{ids{"pm_card_threeDSecureRequiredChargeDeclined", "tok_threeDSecureRequiredChargeDeclined"}, "4000008400001629", "1629", "visa", "credit", "US", chargeFails(declineGeneric)},
	// The doc says "declined card_declined"; decline_code assumed generic.
	{ids{"pm_card_threeDSecureRequiredProcessingError", "tok_threeDSecureRequiredProcessingError"}, "4000008400001280", "1280", "visa", "credit", "US", chargeFails(declineGeneric)},
	{ids{"pm_card_threeDSecureOptional", "tok_threeDSecureOptional"}, "4000000000003055", "3055", "visa", "credit", "US", plain},
	{ids{"pm_card_threeDSecureOptionalProcessingError", "tok_threeDSecureOptionalProcessingError"}, "4000000000003097", "3097", "visa", "credit", "US", plain},
	{ids{"pm_card_amex_threeDSecureNotSupported", "tok_amex_threeDSecureNotSupported"}, "378282246310005", "0005", "amex", "credit", "US", no3DS},
	// Legacy, not in current docs; number mapping unverified.
	{ids{"pm_card_threeDSecureRequired"}, "4000000000003063", "3063", "visa", "credit", "US", plain},
}
