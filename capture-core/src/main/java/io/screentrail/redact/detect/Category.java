package io.screentrail.redact.detect;

/**
 * The kind of sensitive value a {@link Finding} covers, so that the redactor may treat kinds
 * differently and count them.
 */
public enum Category {
  /** An e-mail address. */
  EMAIL,
  /** A Luhn-valid payment card number. */
  PAYMENT_CARD,
  /** A national identifier such as a US Social Security number. */
  NATIONAL_ID,
  /** A telephone number. */
  PHONE,
  /** A bank account number such as an IBAN. */
  BANK_ACCOUNT,
  /** A cloud provider credential such as an AWS access key or secret key. */
  CLOUD_KEY,
  /** A service API token recognised by its prefix (GitHub, Slack, Stripe, ...). */
  API_TOKEN,
  /** A JSON Web Token. */
  JWT,
  /** A PEM private key block. */
  PRIVATE_KEY,
  /** The {@code user:password} part of a URL. */
  URL_CREDENTIAL,
  /** The value of an assignment whose key names a secret ({@code API_KEY=...}). */
  SECRET,
  /** A value shown next to a password or PIN label. */
  PASSWORD
}
