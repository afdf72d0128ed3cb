package org.esarchiver.config;

import java.util.function.Function;

/** How one config value is read: what the user is told is expected, and how a set value becomes a typed one. */
interface ValueType<T> {

  /** Completes "expected ...", for example "a duration such as 7d". */
  String expected();

  /** Reads a value that is set; throws a {@link ConfigException} built from the field when it is invalid. */
  T parse(Field field);

  static <T> ValueType<T> of(String expected, Function<Field, T> parser) {
    return new ValueType<>() {
      @Override
      public String expected() {
        return expected;
      }

      @Override
      public T parse(Field field) {
        return parser.apply(field);
      }
    };
  }
}
