package org.esarchiver.config;

import java.nio.file.Path;

/** A Kerberos principal and the keytab holding its keys: how the archiver logs in to a secured Hadoop cluster. */
public record KerberosLogin(String principal, Path keytab) {}
