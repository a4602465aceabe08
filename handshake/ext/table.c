/*
 * handshake/ext/table.c — the table of Hello extensions (see ext.h): every row, and the row of a
 * type. The order in which each Hello carries them is ext/order.c's.
 */
#include "handshake/ext/ext.h"

/* Extensions known by name only: their bodies are never read nor written (TLS 1.3 ones, and
 * TLS 1.2 ones glasstls does not speak). Named so that traces and the probe can say what they
 * are. */
#define NAME_ONLY(var, ty, nm, ref, text) \
    static const hs_ext_def var = {.type = (ty), .name = (nm), .rfc = (ref), .meaning = (text)}

NAME_ONLY(use_srtp, HS_EXT_USE_SRTP, "use_srtp", "RFC 5764", NULL);
NAME_ONLY(heartbeat, HS_EXT_HEARTBEAT, "heartbeat", "RFC 6520",
          "Heartbeat mode (RFC 6520); glasstls never sends heartbeats.");
NAME_ONLY(status_request_v2, 17, "status_request_v2", "RFC 6961", NULL);
NAME_ONLY(signed_certificate_timestamp, HS_EXT_SIGNED_CERTIFICATE_TIMESTAMP, "signed_certificate_timestamp",
          "RFC 6962", NULL);
NAME_ONLY(padding, HS_EXT_PADDING, "padding", "RFC 7685",
          "Zero bytes that only make the ClientHello longer, to dodge buggy middleboxes (RFC 7685).");
NAME_ONLY(compress_certificate, HS_EXT_COMPRESS_CERTIFICATE, "compress_certificate", "RFC 8879", NULL);
NAME_ONLY(delegated_credentials, 34, "delegated_credentials", "RFC 9345", NULL);
NAME_ONLY(pre_shared_key, HS_EXT_PRE_SHARED_KEY, "pre_shared_key", "RFC 8446 §4.2.11", NULL);
NAME_ONLY(early_data, HS_EXT_EARLY_DATA, "early_data", "RFC 8446 §4.2.10", NULL);
NAME_ONLY(cookie, HS_EXT_COOKIE, "cookie", "RFC 8446 §4.2.2", NULL);
NAME_ONLY(psk_key_exchange_modes, HS_EXT_PSK_KEY_EXCHANGE_MODES, "psk_key_exchange_modes", "RFC 8446 §4.2.9",
          "TLS 1.3 resumption modes; ignored by TLS 1.2.");
NAME_ONLY(certificate_authorities, HS_EXT_CERTIFICATE_AUTHORITIES, "certificate_authorities", "RFC 8446 §4.2.4",
          NULL);
NAME_ONLY(oid_filters, 48, "oid_filters", "RFC 8446 §4.2.5", NULL);
NAME_ONLY(post_handshake_auth, HS_EXT_POST_HANDSHAKE_AUTH, "post_handshake_auth", "RFC 8446 §4.2.6", NULL);
NAME_ONLY(signature_algorithms_cert, HS_EXT_SIGNATURE_ALGORITHMS_CERT, "signature_algorithms_cert",
          "RFC 8446 §4.2.3", "Which signatures the client accepts inside certificates (RFC 8446 §4.2.3).");
NAME_ONLY(key_share, HS_EXT_KEY_SHARE, "key_share", "RFC 8446 §4.2.8", "TLS 1.3 key shares; ignored by TLS 1.2.");
NAME_ONLY(quic_transport_parameters, 57, "quic_transport_parameters", "RFC 9001 §8.2", NULL);
NAME_ONLY(next_protocol_negotiation, HS_EXT_NEXT_PROTOCOL_NEGOTIATION, "next_protocol_negotiation",
          "draft-agl-tls-nextprotoneg", NULL);
NAME_ONLY(application_settings, 17513, "application_settings", "draft-vvv-tls-alps", NULL);
NAME_ONLY(encrypted_client_hello, 0xFE0D, "encrypted_client_hello", "draft-ietf-tls-esni", NULL);

/* Every row, in type order. */
const hs_ext_def *const hs_ext_table[] = {
    &hs_ext_server_name,            /*  0 */
    &hs_ext_max_fragment_length,    /*  1 */
    &hs_ext_status_request,         /*  5 */
    &hs_ext_supported_groups,       /* 10 */
    &hs_ext_ec_point_formats,       /* 11 */
    &hs_ext_signature_algorithms,   /* 13 */
    &use_srtp,                      /* 14 */
    &heartbeat,                     /* 15 */
    &hs_ext_alpn,                   /* 16 */
    &status_request_v2,             /* 17 */
    &signed_certificate_timestamp,  /* 18 */
    &padding,                       /* 21 */
    &hs_ext_encrypt_then_mac,       /* 22 */
    &hs_ext_extended_master_secret, /* 23 */
    &compress_certificate,          /* 27 */
    &hs_ext_record_size_limit,      /* 28 */
    &delegated_credentials,         /* 34 */
    &hs_ext_session_ticket,         /* 35 */
    &pre_shared_key,                /* 41 */
    &early_data,                    /* 42 */
    &hs_ext_supported_versions,     /* 43 */
    &cookie,                        /* 44 */
    &psk_key_exchange_modes,        /* 45 */
    &certificate_authorities,       /* 47 */
    &oid_filters,                   /* 48 */
    &post_handshake_auth,           /* 49 */
    &signature_algorithms_cert,     /* 50 */
    &key_share,                     /* 51 */
    &quic_transport_parameters,     /* 57 */
    &next_protocol_negotiation,     /* 13172 */
    &application_settings,          /* 17513 */
    &encrypted_client_hello,        /* 0xFE0D */
    &hs_ext_renegotiation_info,     /* 0xFF01 */
};
const size_t hs_ext_table_len = sizeof hs_ext_table / sizeof hs_ext_table[0];

const hs_ext_def *hs_ext_find(uint16_t type)
{
    for (size_t i = 0; i < hs_ext_table_len; i++)
        if (hs_ext_table[i]->type == type)
            return hs_ext_table[i];
    return NULL;
}
