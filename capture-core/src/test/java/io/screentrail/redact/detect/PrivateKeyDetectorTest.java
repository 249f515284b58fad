package io.screentrail.redact.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrivateKeyDetectorTest {

  private final Detector detector = new PrivateKeyDetector();

  @ParameterizedTest
  @ValueSource(strings = {
    "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY",
    "ENCRYPTED PRIVATE KEY", "PGP PRIVATE KEY BLOCK",
  })
  void coversTheBlockFromBeginToEnd(String kind) {
    assertThat(Scans.located(detector,
        "$ cat id_key",
        "-----BEGIN " + kind + "-----",
        "MIIEowIBAAKCAQEAx7Jn1s0Z",
        "",
        "  b3BlbnNzaC1rZXktdjEAAAAA  ",
        "-----END " + kind + "-----",
        "$ ls"))
        .containsExactly(
            "1:-----BEGIN " + kind + "-----",
            "2:MIIEowIBAAKCAQEAx7Jn1s0Z",
            "4:b3BlbnNzaC1rZXktdjEAAAAA",
            "5:-----END " + kind + "-----");
  }

  @Test
  void makesOneFindingPerLineWithTheCategory() {
    List<Finding> out = new ArrayList<>();
    detector.find(List.of("-----BEGIN PRIVATE KEY-----", "MIIE", "-----END PRIVATE KEY-----"), out);
    assertThat(out).extracting(Finding::line).containsExactly(0, 1, 2);
    assertThat(out).extracting(Finding::category).containsOnly(Category.PRIVATE_KEY);
  }

  @Test
  void aKeyWithoutEndOnScreenRunsToTheBottom() {
    assertThat(Scans.located(detector, "key.pem", "-----BEGIN RSA PRIVATE KEY-----", "MIIEow",
        "AKCAQEAx7J"))
        .containsExactly("1:-----BEGIN RSA PRIVATE KEY-----", "2:MIIEow", "3:AKCAQEAx7J");
  }

  /** Words of another column (a heading) after a key cut off are prose, not its body. */
  @Test
  void aKeyWithoutEndStopsAtWordsButNotAtABodyLineOcrSplit() {
    assertThat(Scans.located(detector, "-----BEGIN PRIVATE KEY-----",
        "MITEvg IBADANBgkqhkiG9wOBAQEFAASCBKgwggSkAgEAAoIBAQBwyadvhpzFglP/",
        "CH5Y00331d1lyTIVKNYhMdN5 173vSOOMo00G7CurJXtahg4nigfxNQ+MAhoG7AJipJ", "", "Item details",
        "Created on the fourth"))
        .containsExactly("0:-----BEGIN PRIVATE KEY-----",
            "1:MITEvg IBADANBgkqhkiG9wOBAQEFAASCBKgwggSkAgEAAoIBAQBwyadvhpzFglP/",
            "2:CH5Y00331d1lyTIVKNYhMdN5 173vSOOMo00G7CurJXtahg4nigfxNQ+MAhoG7AJipJ");
  }

  /** After a gap (an empty text between columns), a file tree's names are not its body. */
  @Test
  void aKeyWithoutEndStopsAfterAGapAtShortLines() {
    assertThat(Scans.located(detector, "$ head -6 ~/.ssh/deploy_rsa", "-----BEGIN PRIVATE KEY-----",
        "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQBwyadvhpzFglP", "", "infra-tools",
        "kubeconfig", "values.yaml"))
        .containsExactly("1:-----BEGIN PRIVATE KEY-----",
            "2:MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQBwyadvhpzFglP");
    // A line OCR could not read inside the body does not end it.
    assertThat(Scans.located(detector, "-----BEGIN PRIVATE KEY-----",
        "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQBwyadvhpzFglP", "",
        "htBw6nmwkqHFnHGL0wEJGlcwHrepvR0Pckzt5X4O/tmHpQvWimANRIJQBLlYq98n", "K/Hawq90e=="))
        .hasSize(4);
  }

  @Test
  void aKeyWithoutEndStopsAtTheNextPemBlock() {
    assertThat(Scans.located(detector, "-----BEGIN PRIVATE KEY-----", "MIIEow",
        "-----BEGIN CERTIFICATE-----", "MIIDdz"))
        .containsExactly("0:-----BEGIN PRIVATE KEY-----", "1:MIIEow");
  }

  @Test
  void coversAKeyPastedOnOneLineWithEscapedNewlines() {
    String key = "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBg\\n-----END PRIVATE KEY-----";
    assertThat(Scans.values(detector, "  \"private_key\": \"" + key + "\\n\","))
        .containsExactly(key);
  }

  @Test
  void toleratesOcrDashRuns() {
    assertThat(Scans.located(detector, "----BEGIN RSA PRIVATE KEY------", "MIIEow",
        "---- END RSA PRIVATE KEY -----"))
        .containsExactly("0:----BEGIN RSA PRIVATE KEY------", "1:MIIEow",
            "2:---- END RSA PRIVATE KEY -----");
  }

  @Test
  void ignoresPublicMaterialAndProse() {
    assertThat(Scans.located(detector,
        "-----BEGIN PUBLIC KEY-----",
        "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA",
        "-----END PUBLIC KEY-----",
        "-----BEGIN CERTIFICATE-----",
        "MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBa",
        "-----END CERTIFICATE-----",
        "The private key is stored in the vault; never paste a PRIVATE KEY here."))
        .isEmpty();
  }
}
