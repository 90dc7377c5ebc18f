package org.pkuse.connect.jdbc.writer;

/** What a row does to its table. */
public enum Operation { INSERT, UPSERT, UPDATE, DELETE }
